"""Roster import from XLSX (R-LRN-6): the deputy loads learners, their classes and their
parents from a spreadsheet. A dry run shows what would change and every bad row; the
real run applies the same file in one transaction and invites the new parents.

openpyxl (read-only mode) and our own row validation rather than django-import-export:
its dry run writes and rolls back, and it maps a row to one model, while our row is a
learner, an enrollment and up to two parents with accounts."""
