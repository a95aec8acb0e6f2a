"""Pages of credit transfer: the family applies and follows its application, staff
register a paper application, the subject teacher converts marks. The deputy's and
the director's workflow runs in the admin site (credit_transfer/admin.py)."""

from credit_transfer.views.form import application_edit, application_new
from credit_transfer.views.lines import line_checks, line_form, line_subjects
from credit_transfer.views.pages import (
    application_detail,
    application_withdraw,
    attachment_delete,
    attachment_download,
    attachments_upload,
    document,
    index,
    line_convert,
)

__all__ = [
    "application_detail",
    "application_edit",
    "application_new",
    "application_withdraw",
    "attachment_delete",
    "attachment_download",
    "attachments_upload",
    "document",
    "index",
    "line_checks",
    "line_convert",
    "line_form",
    "line_subjects",
]
