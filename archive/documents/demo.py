"""Documents at the demo school: the demo mother (`roditel`) asked online for two
certificates of study about her son in 7А (`uchenik`); the deputy (`zavuch`) answered
the first — the certificate, with the marks of the periods over so far, is in the
family's account and in the register, with its row in the disclosure log — and the
second waits in the office's list.

Every step goes through the documents' own services (request_create, issue_document),
so the numbers, the stored PDF and the history are what the product itself writes."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from archive.documents.requests import request_create
from archive.documents.services import build_content, issue_document
from archive.models import Delivery, DocumentKind, RequestChannel
from learners.models import Learner

__all__ = ["generate"]

ANSWERED_PURPOSE = "для предъявления в спортивную школу"
WAITING_PURPOSE = "для предъявления по месту работы матери"


def generate(*, today: date, seed: int = 17) -> dict[str, int]:
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["roditel", "zavuch", "uchenik"])
    }
    son = Learner.objects.filter(user__username="uchenik").first()
    if len(users) < 3 or son is None:
        return {"documents": 0, "info_requests": 0}
    mother = users["roditel"]
    answered = request_create(
        learner=son,
        kind=_answerable_kind(son),
        purpose=ANSWERED_PURPOSE,
        delivery=Delivery.ACCOUNT,
        channel=RequestChannel.ONLINE,
        actor=mother,
    )
    issue_document(
        kind=answered.kind,
        learner=son,
        to_family=True,
        recipient=answered.applicant_name,
        purpose=answered.purpose,
        request=answered,
        actor=users["zavuch"],
    )
    request_create(
        learner=son,
        kind=DocumentKind.STUDY_CERTIFICATE,
        purpose=WAITING_PURPOSE,
        delivery=Delivery.ACCOUNT,
        channel=RequestChannel.ONLINE,
        actor=mother,
    )
    return {"documents": 1, "info_requests": 2}


def _answerable_kind(son) -> DocumentKind:
    """The certificate of study, which prints the marks of the periods already over.
    Only in the first weeks of a school year, before the first period has marks, is
    there nothing to certify: then the answer is the extract from the class journal
    (current marks), so the demo still shows an answered request."""
    try:
        build_content(kind=DocumentKind.STUDY_CERTIFICATE, learner=son)
    except ValidationError:
        return DocumentKind.JOURNAL_EXTRACT
    return DocumentKind.STUDY_CERTIFICATE
