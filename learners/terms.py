"""The organisation's terms (R-ORG-6) for text built in Python: messages, forms, PDF
and XLSX headings. Templates get the same dictionary as ``terms`` from the context
processor (learners/context_processors.py), so both read one place: ``TERMS`` in
learners/models/organisation.py.

Within a request the kind costs no query of its own: the authentication backend reads
it with the signed-in user (learners/backends.py) and keeps it here until the request
ends, because every page shows terms and the pages' query budgets are tight (the
journal grid's is twelve)."""

from contextvars import ContextVar

from django.core.signals import request_finished, request_started

from learners.models import TERMS, Organisation, OrganisationKind

# A fresh installation has no organisation row yet; it is a school until described,
# as the model's default kind says.
DEFAULT_KIND = OrganisationKind.SCHOOL

# Menu pages that belong to one kind's regulation: ВПР, ГИА and УУД of the ФГОС are a
# school's, the final attestation commission a training company's (004 §2.4), the
# levels by stage a centre of additional education's (002 §2.3), academic debts are
# not a centre of additional education's. Another kind has
# nothing to put there, so its menu leaves them out; the pages themselves still answer.
PAGE_KINDS = {
    "external_list": frozenset({OrganisationKind.SCHOOL}),
    "state_exams": frozenset({OrganisationKind.SCHOOL}),
    "diagnostics_index": frozenset({OrganisationKind.SCHOOL}),
    "final_attestation_index": frozenset({OrganisationKind.TRAINING}),
    "levels_index": frozenset({OrganisationKind.ADDITIONAL}),
    # A programme of additional education has no academic debts (achievements/debts/rules.py).
    "debt_list": frozenset({OrganisationKind.SCHOOL, OrganisationKind.TRAINING}),
}

_request_kind: ContextVar[str | None] = ContextVar("uchet_organisation_kind", default=None)


def remember_kind(kind: str | None) -> None:
    """The kind read along with the request's user; forgotten when the request ends,
    so that a change of kind shows from the next request on."""
    _request_kind.set(kind or DEFAULT_KIND)


def _forget_kind(**kwargs) -> None:
    _request_kind.set(None)


request_started.connect(_forget_kind, dispatch_uid="uchet_terms_request_started")
request_finished.connect(_forget_kind, dispatch_uid="uchet_terms_request_finished")


def terms_for(organisation: Organisation | None) -> dict[str, str]:
    if organisation is None:
        return TERMS[DEFAULT_KIND]
    return organisation.terms


def current_kind() -> OrganisationKind:
    kind = _request_kind.get()
    if kind is None:
        kind = Organisation.objects.order_by("pk").values_list("kind", flat=True).first()
    return OrganisationKind(kind or DEFAULT_KIND)


def current_terms() -> dict[str, str]:
    """The terms of the installation's organisation."""
    return TERMS[current_kind()]
