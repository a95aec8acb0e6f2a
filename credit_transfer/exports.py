"""The printed documents of credit transfer (R-CT-10): the application as submitted,
in the layout of Appendix 1; the decision; the director's order. Each returns PDF
bytes; WeasyPrint is imported inside, as it is heavy."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from common.names import by_sex
from common.pdf import html_to_pdf
from credit_transfer.models import LineDecision
from credit_transfer.workflow import DECIDED_STATUSES, ORDERED_STATUSES, SUBMITTED_STATUSES
from learners import selectors as learner_selectors


def _render(template: str, application, **context) -> bytes:
    local = timezone.localtime
    html = render_to_string(
        template,
        {
            "a": application,
            "organisation": learner_selectors.organisation(),
            "lines": list(application.lines.select_related("subject").order_by("order", "pk")),
            "submitted": local(application.submitted_at) if application.submitted_at else None,
            "signed": local(application.signed_at) if application.signed_at else None,
            "fonts": (settings.BASE_DIR / "static" / "fonts").as_uri(),
            **context,
        },
    )
    return html_to_pdf(html)


# «Прошу зачесть моему сыну …»: how the applicant calls the child, by their kinship.
RELATION = {
    "mother": ("моему сыну", "моей дочери"),
    "father": ("моему сыну", "моей дочери"),
    "trustee": ("моему подопечному", "моей подопечной"),
}


def applicant_relation(application) -> str:
    """The words before the child's name in the application, or "" when the
    applicant's kinship to the child is not recorded."""
    guardian = getattr(application.applicant, "guardian", None)
    if guardian is None:
        return ""
    kinship = (
        guardian.guardianships.filter(learner_id=application.learner_id)
        .values_list("kinship", flat=True)
        .first()
    )
    if kinship not in RELATION:
        return ""
    return by_sex(application.learner, *RELATION[kinship])


def application_pdf(application, *, show_personal: bool, staff: bool = True) -> bytes:
    """The application as signed; ``show_personal`` as for the page that links it
    (selectors.shows_applicant_personal): without it the passport, the address and the
    phone are left out of the printout. Without ``staff`` (a family's copy) the signer is
    named by name, not by login, and the signature's SHA-256 is left out."""
    if application.status not in SUBMITTED_STATUSES or application.submitted_at is None:
        raise ValueError("A draft has no printed application yet.")
    registered = application.registered_by
    return _render(
        "credit_transfer/pdf/application.html",
        application,
        attachments=list(application.attachments.all()),
        show_personal=show_personal,
        staff=staff,
        relation=applicant_relation(application),
        registered_by=(registered.get_full_name() or registered.username) if registered else "",
    )


def decision_pdf(application) -> bytes:
    if application.status not in DECIDED_STATUSES:
        raise ValueError("No decision has been taken yet.")
    notified = application.decision_notified_at
    return _render(
        "credit_transfer/pdf/decision.html",
        application,
        notified=timezone.localtime(notified) if notified else None,
    )


def order_pdf(application) -> bytes:
    if application.status not in ORDERED_STATUSES:
        raise ValueError("No order has been issued yet.")
    ends = application.period.ends_on if application.period_id else application.year.ends_on
    return _render(
        "credit_transfer/pdf/order.html",
        application,
        credited=list(
            application.lines.filter(decision=LineDecision.CREDITED)
            .select_related("subject")
            .order_by("order", "pk")
        ),
        ends=ends,
    )


def document_pdf(application, kind: str, *, show_personal: bool, staff: bool = True) -> bytes:
    """The document of ``kind`` (credit_transfer.workflow.DOCUMENTS)."""
    if kind == "application":
        return application_pdf(application, show_personal=show_personal, staff=staff)
    return {"decision": decision_pdf, "order": order_pdf}[kind](application)
