"""The protocol of a final attestation commission (004 §2.4) issued into the register
from the commission's page. It lives with the documents, not with the commission,
because the archive depends on the record and not the other way round."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from achievements.final_attestation import selectors
from archive.documents.services import build_content, issue_document
from archive.documents.views.common import error_text
from archive.models import DocumentKind, IssuedDocument
from common.downloads import stored_download
from learners.access import issues_documents, reads_final_attestation

KIND_PROTOCOL = "final_protocol"
RECIPIENT = "В дело (протоколы итоговой аттестации)"


@require_POST
@login_required
def final_protocol(request, pk):
    """Issue the protocol and hand it out. Pressed again with the results unchanged,
    it hands out the copy already issued: one sitting, one protocol, stored once."""
    if not reads_final_attestation(request.user):
        raise PermissionDenied(
            "Протокол итоговой аттестации выдают заместитель директора и директор."
        )
    commission = selectors.get_commission_or_404(request.user, pk)
    if not issues_documents(request.user):
        raise PermissionDenied("Протокол выдают заместитель директора и директор.")
    group = commission.group
    options = {"commission": commission.pk}
    try:
        content = build_content(kind=DocumentKind.FINAL_PROTOCOL, group=group, options=options)
        last = (
            IssuedDocument.objects.filter(
                kind=DocumentKind.FINAL_PROTOCOL,
                group=group,
                content__commission=commission.pk,
                duplicate_of__isnull=True,
            )
            .order_by("-pk")
            .first()
        )
        if last is None or last.content != content:
            last = issue_document(
                kind=DocumentKind.FINAL_PROTOCOL,
                actor=request.user,
                recipient=RECIPIENT,
                group=group,
                options=options,
            )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("final_attestation_commission", commission.pk)
    return stored_download(user=request.user, stored=last, kind=KIND_PROTOCOL, as_attachment=True)
