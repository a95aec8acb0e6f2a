"""Files people upload: checked by their content, not their name (R-SEC-3, DESIGN: bad
input), and stored under random names in private storage. Scans are kept only as PDF,
JPEG and PNG, and only when they really open as that type: a renamed program, an HTML
or SVG page, an empty or truncated file is refused with a message a parent understands.
Photos are stored without their location metadata. A work in the portfolio (R-PF-6)
may also be a text document or a presentation (DOCX, PPTX, ODT, ODP) without macros:
``check_upload(..., works=True)``. Evidence, credit-transfer attachments and archive
files are all stored this way; they are served by ``common.downloads.stored_download``."""

from common.files.checks import (
    ALLOWED,
    ALLOWED_WORKS,
    SIGNATURES,
    CheckedFile,
    check_upload,
    describe,
    sanitise_name,
)
from common.files.office import OFFICE_TYPES
from common.files.storage import store_files, stored

__all__ = [
    "ALLOWED",
    "ALLOWED_WORKS",
    "OFFICE_TYPES",
    "SIGNATURES",
    "CheckedFile",
    "check_upload",
    "describe",
    "sanitise_name",
    "store_files",
    "stored",
]
