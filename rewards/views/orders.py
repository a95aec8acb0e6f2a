"""The director's side of rewards (R-RW-3): the nominations waiting for a decision,
approved several at once into one order (or without an order for the kinds that need
none), declined with a reason; the list of orders and an order's page. Every step is a
service call; a refusal shows the service's words and changes nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render

from achievements.models import Achievement
from common.forms import error_texts
from common.ids import parse_id
from common.paging import paginate
from learners.access import has_role, runs_rewards
from learners.models import Role
from learners.selectors import current_class_names
from rewards import selectors, services
from rewards.forms import DeclineForm, OrderForm
from rewards.models import Reward, RewardStatus
from rewards.views import words
from rewards.views.staff import person_name

NOT_OFFICE = "Представления к поощрению рассматривают директор и заместитель директора."
ORDERS_OFFICE = "Приказы о поощрении доступны директору и заместителю директора."
NONE_TICKED = "Отметьте хотя бы одно представление."
GONE = "Представление не найдено: обновите страницу."


class _Refused(Exception):
    """Raised inside the transaction so that nothing of a refused batch is kept."""


def _nominations(user):
    """The nominations this user decides on: the director all of them, the deputy
    those of kinds that need no order."""
    nominations = (
        selectors.pending_nominations()
        .select_related("created_by__staff", "created_by__guardian")
        .prefetch_related(
            Prefetch("achievements", queryset=Achievement.objects.order_by("date", "pk"))
        )
    )
    if has_role(user, Role.DIRECTOR):
        return nominations, 0
    waiting = nominations.filter(kind__needs_order=True).count()
    return nominations.filter(kind__needs_order=False), waiting


@login_required
def pending(request):
    user = request.user
    if not runs_rewards(user):
        raise PermissionDenied(NOT_OFFICE)
    nominations, waiting = _nominations(user)
    order_form = OrderForm(request.POST if request.POST.get("action") == "order" else None)
    problems: list[str] = []
    ticked = {parse_id(v) for v in request.POST.getlist("reward")} - {None}
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "order":
            answer = _approve_by_order(request, order_form, ticked)
        elif action == "approve":
            answer = _approve_without_order(request, ticked)
        elif action == "decline":
            answer = _decline(request)
        else:
            answer = ["Неизвестное действие."]
        if not isinstance(answer, list):
            return answer
        problems = answer
    elif request.GET.get("all") == "1":
        ticked = {reward.pk for reward in nominations}
    rewards = list(nominations)
    classes = current_class_names([r.learner_id for r in rewards])
    return render(
        request,
        "rewards/pending.html",
        {
            "rows": [
                (r, person_name(r.created_by), r.pk in ticked, classes.get(r.learner_id, ""))
                for r in rewards
            ],
            "director": has_role(user, Role.DIRECTOR),
            "waiting": waiting,
            "order_form": order_form,
            "problems": problems,
        },
    )


def _ticked_rewards(user, ticked) -> list[Reward]:
    """The ticked nominations as they are now (a second director may have decided
    them meanwhile: the service then says so)."""
    if not ticked:
        raise ValidationError(NONE_TICKED)
    rewards = list(selectors.visible_rewards(user).filter(pk__in=ticked).order_by("pk"))
    if len(rewards) != len(ticked):
        raise ValidationError(GONE)
    return rewards


def _approve_by_order(request, form, ticked):
    if not form.is_valid():
        return error_texts(form, labels=False)
    try:
        rewards = _ticked_rewards(request.user, ticked)
        order = services.rewards_approve(
            rewards=rewards,
            number=form.cleaned_data["number"],
            on=form.cleaned_data["date"],
            actor=request.user,
        )
    except ValidationError as error:
        return error.messages
    except PermissionDenied as refusal:
        return [str(refusal)]
    messages.success(
        request, words.order_registered(order, len({reward.learner_id for reward in rewards}))
    )
    return redirect("rewards_order", order.pk)


def _approve_without_order(request, ticked):
    """Each ticked nomination approved by its own step, all or none: every refusal is
    collected and shown, and none of the batch is kept."""
    try:
        rewards = _ticked_rewards(request.user, ticked)
    except ValidationError as error:
        return error.messages
    problems: list[str] = []
    try:
        with transaction.atomic():
            for reward in rewards:
                try:
                    with transaction.atomic():
                        services.reward_transition(
                            reward=reward, to=RewardStatus.APPROVED, actor=request.user
                        )
                except ValidationError as error:
                    problems.extend(_named(reward, m) for m in error.messages)
                except PermissionDenied as refusal:
                    problems.append(_named(reward, str(refusal)))
            if problems:
                raise _Refused
    except _Refused:
        return [*problems, "Ничего не утверждено."]
    messages.success(request, words.approved_without_order(len(rewards)))
    return redirect("rewards_pending")


def _named(reward, text: str) -> str:
    # Some refusals name the learner already («Антонова …: поощрение уже …»).
    name = reward.learner.full_name
    return text if text.startswith(name) else f"{name}: {text}"


def _decline(request):
    pk = parse_id(request.POST.get("decline", ""))
    reward = selectors.visible_rewards(request.user).filter(pk=pk).first() if pk else None
    if reward is None:
        return [GONE]
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return error_texts(form)
    try:
        services.reward_transition(
            reward=reward,
            to=RewardStatus.DECLINED,
            comment=form.cleaned_data["comment"],
            actor=request.user,
        )
    except ValidationError as error:
        return [_named(reward, m) for m in error.messages]
    except PermissionDenied as refusal:
        return [_named(reward, str(refusal))]
    messages.success(request, words.declined(reward))
    return redirect("rewards_pending")


@login_required
def order_list(request):
    if not runs_rewards(request.user):
        raise PermissionDenied(ORDERS_OFFICE)
    orders = selectors.visible_orders(request.user).annotate(rewarded=Count("rewards"))
    page = paginate(request, orders)
    return render(request, "rewards/orders.html", {"page": page, "orders": page.object_list})


@login_required
def order_detail(request, pk):
    order = selectors.get_order_for_user(request.user, pk)
    rewards = list(
        order.rewards.select_related("learner", "kind", "subject").order_by(
            "learner__last_name", "learner__first_name", "learner__patronymic", "kind__order", "pk"
        )
    )
    classes = current_class_names([r.learner_id for r in rewards])
    return render(
        request,
        "rewards/order.html",
        {"order": order, "rows": [(r, classes.get(r.learner_id, "")) for r in rewards]},
    )
