"""The documents of rewards: a granted reward's certificate and the director's order
as PDF/A (rewards/exports.py), and the scans a family attached. Each is fetched
through the access policy first and handed out through common.downloads, which logs
who took which document."""

from django.contrib.auth.decorators import login_required
from django.http import Http404

from common.downloads import logged_download, stored_download
from learners import selectors as learner_selectors
from learners.access import refuse
from rewards import exports
from rewards.models import RewardEvidence
from rewards.selectors import get_order_for_user, get_reward_for_user, visible_rewards

KIND_CERTIFICATE = "reward_certificate"
KIND_ORDER = "reward_order"
KIND_EVIDENCE = "reward_evidence"
PDF = "application/pdf"


def _initials(person) -> str:
    """«Антонова М. И.»: how a document names a person briefly."""
    initials = " ".join(f"{part[0]}." for part in (person.first_name, person.patronymic) if part)
    return f"{person.last_name} {initials}".strip()


@login_required
def certificate_pdf(request, pk):
    reward = get_reward_for_user(request.user, pk)
    if not reward.is_granted:
        # The same answer whatever the reason: a nomination has no certificate yet.
        raise Http404("Грамоту можно получить, когда поощрение утверждено или учтено.")
    content = exports.certificate_pdf(reward=reward, organisation=learner_selectors.organisation())
    return logged_download(
        user=request.user,
        content=content,
        content_type=PDF,
        # «Антонова М. И.pdf»: the initials' last dot doubles as the extension's.
        filename=f"{reward.kind.get_layout_display()} — {_initials(reward.learner)}".rstrip(".")
        + ".pdf",
        kind=KIND_CERTIFICATE,
        subject=reward,
    )


@login_required
def order_pdf(request, pk):
    order = get_order_for_user(request.user, pk)
    content = exports.order_pdf(order=order, organisation=learner_selectors.organisation())
    number = order.number.replace("/", "-")
    return logged_download(
        user=request.user,
        content=content,
        content_type=PDF,
        filename=f"Приказ № {number} от {order.date:%d.%m.%Y}.pdf",
        kind=KIND_ORDER,
        subject=order,
    )


@login_required
def evidence(request, pk):
    """A scan of a reward from elsewhere, for whoever may open the reward's page."""
    scan = RewardEvidence.objects.filter(
        pk=pk, reward__in=visible_rewards(request.user).values("pk")
    ).first()
    if scan is None:
        raise refuse(request.user, "reward_evidence", pk)
    return stored_download(
        user=request.user,
        stored=scan,
        kind=KIND_EVIDENCE,
        as_attachment=request.GET.get("download") == "1",
    )
