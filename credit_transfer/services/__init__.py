"""Writes of the credit-transfer workflow (R-CT-1..10), in four parts:

- ``workflow``: the one transition service, ``application_transition``, moving an
  application along credit_transfer.workflow's edge table with each move's checks and
  effects, its history row and its letter to the family;
- ``steps``: the steps that are not moves, the subject teacher's conversion and the
  pedagogical council's protocol;
- ``review``: what the rules make of each line, and the deputy's decision;
- ``drafts``: the family's draft, its lines and attachments, and what submission
  needs of it.

The public API is re-exported here: ``services.application_save(...)``."""

from credit_transfer.services.drafts import (
    LINE_FIELDS,
    MAX_FILES,
    application_save,
    attachment_remove,
    attachments_add,
    require_complete,
    signature_digest,
)
from credit_transfer.services.locks import Conflict
from credit_transfer.services.review import (
    NOTIFY_WORKING_DAYS,
    Resolution,
    council_reference,
    resolve_line,
)
from credit_transfer.services.steps import council_record, line_convert
from credit_transfer.services.workflow import Details, application_transition
from credit_transfer.workflow import (
    APPLICANT,
    DEPUTY,
    DIRECTOR,
    REFUSALS,
    TEACHER,
    TRANSITIONS,
    acts_as,
    allowed_moves,
)

__all__ = [
    "APPLICANT",
    "DEPUTY",
    "DIRECTOR",
    "LINE_FIELDS",
    "MAX_FILES",
    "NOTIFY_WORKING_DAYS",
    "REFUSALS",
    "TEACHER",
    "TRANSITIONS",
    "Conflict",
    "Details",
    "Resolution",
    "acts_as",
    "allowed_moves",
    "application_save",
    "application_transition",
    "attachment_remove",
    "attachments_add",
    "council_record",
    "council_reference",
    "line_convert",
    "require_complete",
    "resolve_line",
    "signature_digest",
]
