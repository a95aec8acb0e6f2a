"""Pages of the archive (R-AR-1..5, R-SEC-3): period snapshots with their progress,
files and transfer to the clerk; verification and backups; expired files and the acts
of their destruction; the log of what was downloaded. Only the archive's keepers
(deputy, director, clerk) reach any of it: lists answer others 403, objects 404.

Nothing here changes or deletes a snapshot or a file: every write is a service's."""
