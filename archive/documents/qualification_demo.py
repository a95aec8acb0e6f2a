"""The documents of the demo training company's final attestation, after its commissions
have sat (achievements/final_attestation/demo.py): each commission's protocol is issued
into the register, and a document of qualification is recorded in the book for every
listener with a positive final mark — through the documents' own services, so numbers,
stored PDFs and history are what the product writes."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from achievements.final_attestation import selectors
from achievements.models import AttestationCommission
from archive.documents.certificates import certificate_record
from archive.documents.services import issue_document
from archive.models import DocumentKind, IssuedDocument
from learners.models import Organisation, OrganisationKind, Role

__all__ = ["generate"]

RECIPIENT = "В дело (протоколы итоговой аттестации)"


def _user(*roles: Role):
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(groups__name__in=[r.label for r in roles]).order_by("pk").first()
        or users.filter(is_superuser=True).order_by("pk").first()
    )


def generate(*, today: date, seed: int = 17) -> dict[str, int]:
    organisation = Organisation.objects.first()
    if organisation is None or organisation.kind != OrganisationKind.TRAINING:
        return {}
    deputy = _user(Role.DEPUTY)
    clerk = _user(Role.CLERK, Role.DEPUTY)
    if deputy is None:
        return {}
    counts = {"protocols": 0, "qualification_documents": 0}
    blank = 0
    commissions = AttestationCommission.objects.select_related("group__year").order_by("pk")
    for commission in commissions:
        group = commission.group
        already = IssuedDocument.objects.filter(
            kind=DocumentKind.FINAL_PROTOCOL, group=group, content__commission=commission.pk
        )
        grid = selectors.results_grid(commission)
        passed = [row for row in grid.rows if grid.marks.get(row.values.get("final_mark"))]
        if already.exists() or not passed:
            continue
        issue_document(
            kind=DocumentKind.FINAL_PROTOCOL,
            actor=deputy,
            recipient=RECIPIENT,
            group=group,
            options={"commission": commission.pk},
        )
        counts["protocols"] += 1
        issued_on = min(commission.held_on + timedelta(days=3), today)
        for row in passed:
            blank += 1
            certificate_record(
                learner=row.learner,
                academic_year=group.year,
                document_title="",
                series="",
                blank_number=f"{seed:02d}{commission.pk:03d}{blank:04d}",
                issued_on=issued_on,
                received_by=row.learner.full_name,
                actor=clerk,
            )
            counts["qualification_documents"] += 1
    return counts
