"""Reads the documents pages share, scoped by the access policy: the office sees every
register; a family sees the documents issued to them about their own learner, their
own requests and the disclosure rows about their learner (R-SEC-1)."""

from django.db.models import QuerySet

from archive.models import Disclosure, InfoRequest, IssuedDocument
from learners.access import family_learners, issues_documents, reads_disclosures, refuse


def documents_for_user(user) -> QuerySet[IssuedDocument]:
    documents = IssuedDocument.objects.select_related("learner", "uploaded_by")
    if issues_documents(user):
        return documents
    return documents.filter(to_family=True, learner__in=family_learners(user))


def get_document_for_user(user, pk) -> IssuedDocument:
    document = documents_for_user(user).filter(pk=pk).first()
    if document is None:
        raise refuse(user, "issued document", pk)
    return document


def requests_for_user(user) -> QuerySet[InfoRequest]:
    requests = InfoRequest.objects.select_related("learner")
    if issues_documents(user):
        return requests
    return requests.filter(learner__in=family_learners(user))


def get_request_for_user(user, pk) -> InfoRequest:
    request = requests_for_user(user).filter(pk=pk).first()
    if request is None:
        raise refuse(user, "information request", pk)
    return request


def disclosures_for_user(user) -> QuerySet[Disclosure]:
    rows = Disclosure.objects.select_related("learner", "document")
    if reads_disclosures(user):
        return rows
    return rows.filter(learner__in=family_learners(user))
