"""The staff's reward pages (R-RW-3, R-RW-4): the start page of each role, the
candidates found from the record, nominating one learner or a class, a class's
rewards, and a reward's page with the workflow's buttons. Every write goes through
rewards/services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.views.decorators.http import require_POST

from common.forms import error_texts
from common.ids import id_or_404
from common.paging import paginate
from learners import selectors as learner_selectors
from learners.access import (
    family_learners,
    get_group_for_user,
    has_role,
    refuse,
    result_learners,
    roles_of,
    runs_rewards,
    visible_groups,
)
from learners.models import Learner, Role
from learners.terms import current_terms
from rewards import candidates as found
from rewards import selectors, services
from rewards.forms import NominationForm, TransitionForm
from rewards.models import RewardKind, RewardStatus
from rewards.services import NOT_STAFF, may_nominate, nominates_anyone
from rewards.views import words
from rewards.workflow import allowed

NOT_FOR_ROLE = lazy(
    lambda: (
        "Поощрения доступны {teachers_dat}, {teachers_of_group_dat}, администрации и "
        "семьям {learners_gen}.".format_map(current_terms())
    ),
    str,
)()
NO_YEAR = "Не задан текущий учебный год: его вносит заместитель директора."


def person_name(user) -> str:
    """Who did it, as the school knows them: the staff or guardian record's name."""
    for record in ("staff", "guardian"):
        person = getattr(user, record, None)
        if person is not None:
            return person.full_name
    return user.get_full_name() or user.username


def _year_groups(user, year):
    return (
        visible_groups(user, results=True)
        .filter(year=year)
        .select_related("class_teacher")
        .order_by("grade", "name")
    )


@login_required
def index(request):
    """Each role's work with rewards; the family goes to its child's rewards."""
    user = request.user
    if not nominates_anyone(user):
        child = family_learners(user).order_by("last_name", "first_name", "pk").first()
        if child is not None:
            return redirect("rewards_learner", child.pk)
        raise PermissionDenied(NOT_FOR_ROLE)
    year = learner_selectors.current_year()
    office = runs_rewards(user)
    context = {
        "year": year,
        "office": office,
        "groups": _year_groups(user, year),
        "deputy_count": None,
    }
    if office:
        pending = selectors.pending_nominations()
        context["pending_count"] = pending.count()
        if not has_role(user, Role.DIRECTOR):
            context["deputy_count"] = pending.filter(kind__needs_order=False).count()
    context["own_class"] = learner_selectors.homeroom_groups(user, year=year).order_by("name")
    context["page"] = paginate(
        request,
        selectors.visible_rewards(user).filter(created_by=user).order_by("-created_at", "-pk"),
    )
    return render(request, "rewards/index.html", context)


def _staff_only(user):
    if not nominates_anyone(user):
        raise PermissionDenied(NOT_STAFF)


def _chosen_group(request, year):
    """The group of ``?group=`` (404 outside the user's scope); without it the class
    teacher's own class, or None for the page to offer a choice."""
    raw = request.GET.get("group")
    if raw:
        return get_group_for_user(request.user, id_or_404(raw), results=True)
    own = learner_selectors.homeroom_groups(request.user, year=year).order_by("name").first()
    return own


@login_required
def candidates(request):
    _staff_only(request.user)
    year = learner_selectors.current_year()
    group = _chosen_group(request, year)
    sections = []
    if group is not None and year is not None:
        kinds = found.kinds_by_code()
        sections = _sections(found.candidates_for(groups=[group], year=year), kinds)
    return render(
        request,
        "rewards/candidates.html",
        {
            "year": year,
            "group": group,
            "groups": _year_groups(request.user, year),
            "sections": sections,
            "no_year": NO_YEAR if year is None else "",
        },
    )


def _sections(candidates, kinds: dict[str, RewardKind]) -> list[dict]:
    """Candidates by kind; inside a kind, batches sharing the subject, ground and
    merit, which one form can nominate together."""
    sections: dict[str, dict] = {}
    for candidate in candidates:
        kind = kinds[candidate.kind]
        section = sections.setdefault(candidate.kind, {"kind": kind, "batches": {}})
        key = (candidate.subject_id, candidate.ground, candidate.merit)
        batch = section["batches"].setdefault(
            key,
            {
                "subject_id": candidate.subject_id,
                "subject": candidate.subject,
                "ground": candidate.ground,
                "merit": candidate.merit,
                "rows": [],
            },
        )
        batch["rows"].append({"candidate": candidate, "note": _results_note(candidate.evidence)})
    result = []
    for number, section in enumerate(sections.values(), start=1):
        batches = list(section["batches"].values())
        for index, batch in enumerate(batches, start=1):
            batch["form_id"] = f"batch-{number}-{index}"
            batch["ready"] = [r for r in batch["rows"] if not r["candidate"].pending]
            batch["achievement_ids"] = sorted(
                {pk for r in batch["ready"] for pk in r["candidate"].achievement_ids}
            )
        result.append({"kind": section["kind"], "batches": batches})
    return result


def _results_note(evidence) -> str:
    # The note has 500 characters: the achievements are linked anyway, the marks are
    # what the note must keep.
    text = "; ".join(evidence)
    return text if len(text) <= 500 else text[:499] + "…"


def _learners_asked(user, raw_ids) -> list[int]:
    """The learners named in the request; 404 when one of them is outside the user's
    results (as for every object view)."""
    ids = list(dict.fromkeys(id_or_404(value) for value in raw_ids))
    if ids and result_learners(user).filter(pk__in=ids).count() != len(ids):
        raise refuse(user, "learner_results", ",".join(map(str, ids)))
    return ids


def _kinds_offered(user, learner_ids):
    """Active kinds the user may nominate at least one of the learners for. Whether one
    may depends on the kind's «who nominates» only, so each is asked once."""
    answers: dict[str, bool] = {}
    offered = []
    for kind in RewardKind.objects.filter(is_active=True):
        if kind.nominators not in answers:
            answers[kind.nominators] = any(
                may_nominate(user, kind=kind, learner_id=pk) for pk in learner_ids
            )
        if answers[kind.nominators]:
            offered.append(kind.pk)
    return RewardKind.objects.filter(pk__in=offered)


@login_required
def nominate(request):
    """Put one learner, several, or ticked learners of a class forward (R-RW-3)."""
    user = request.user
    _staff_only(user)
    source = request.POST if request.method == "POST" else request.GET
    group = None
    if source.get("group"):
        group = get_group_for_user(user, id_or_404(source["group"]), results=True)
    ids = _learners_asked(user, source.getlist("learner"))
    year = learner_selectors.current_year()
    if group is not None:
        offered = Learner.objects.filter(
            pk__in=Learner.objects.filter(
                enrollments__group=group, enrollments__ended_on__isnull=True
            ).values("pk")
        )
    elif ids:
        offered = Learner.objects.filter(pk__in=ids)
    else:
        return render(
            request, "rewards/nominate.html", {"groups": _year_groups(user, year), "form": None}
        )
    offered = offered.order_by("last_name", "first_name", "patronymic", "pk")
    from_candidates = source.get("from") == "candidates"
    form = NominationForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(request.GET, ids),
        learners=offered,
        kinds=_kinds_offered(user, list(offered.values_list("pk", flat=True))),
        year=year,
        own_achievements_only=from_candidates,
    )
    if request.method == "POST" and form.is_valid():
        created = _save(form, user, year)
        if created:
            messages.success(
                request,
                f"Представлено к поощрению «{created[0].kind}»: "
                + ", ".join(r.learner.full_name for r in created)
                + ".",
            )
            return redirect(_after_nomination(created, group, from_candidates))
    return render(
        request,
        "rewards/nominate.html",
        {"form": form, "group": group, "from_candidates": from_candidates, "year": year},
    )


def _initial(query, ids) -> dict:
    initial = {"learner": ids}
    for name in ("kind", "ground", "merit", "subject", "results_note"):
        if query.get(name):
            initial[name] = query[name]
    return initial


def _save(form, user, year):
    """The nomination, or None with the service's refusal on the form."""
    if year is None:
        form.add_error(None, NO_YEAR)
        return None
    data = form.cleaned_data
    try:
        return services.reward_nominate(
            learners=data["learner"],
            kind=data["kind"],
            ground=data["ground"],
            merit=data["merit"],
            year=year,
            subject=data["subject"],
            achievements=data["achievements"],
            period=data["period"],
            results_note=data["results_note"],
            actor=user,
        )
    except ValidationError as error:
        form.add_error(None, error)
    except PermissionDenied as refusal:
        form.add_error(None, str(refusal))
    return None


def _after_nomination(created, group, from_candidates) -> str:
    if from_candidates:
        suffix = f"?group={group.pk}" if group is not None else ""
        return reverse("rewards_candidates") + suffix
    if group is not None:
        return reverse("rewards_group", args=[group.pk])
    if len(created) == 1:
        return reverse("rewards_detail", args=[created[0].pk])
    return reverse("rewards_index")


@login_required
def group_rewards(request, group_id):
    """A class's rewards of its year: nominations, granted, refused."""
    user = request.user
    group = get_group_for_user(user, group_id, results=True)
    rewards = (
        selectors.visible_rewards(user)
        .filter(
            Q(learner__enrollments__group=group, learner__enrollments__ended_on__isnull=True),
            year_id=group.year_id,
        )
        .distinct()
        .order_by("learner__last_name", "learner__first_name", "kind__order", "pk")
    )
    return render(
        request,
        "rewards/group.html",
        {
            "group": group,
            "rewards": list(rewards),
            "nominates": nominates_anyone(user),
        },
    )


@login_required
def detail(request, pk):
    user = request.user
    reward = selectors.get_reward_for_user(user, pk)
    moves = allowed(reward, user)
    history = reward.changes.select_related(
        "changed_by__staff", "changed_by__guardian", "order"
    ).order_by("changed_at", "pk")
    return render(
        request,
        "rewards/detail.html",
        {
            "reward": reward,
            # One form per step, each asking its own question before it is sent.
            "moves": [
                (target, move, words.confirm(reward, target), _fields_of(reward, target, move))
                for target, move in moves
            ],
            "form": TransitionForm(
                initial={"date": timezone.localdate(), "on": timezone.localdate()}
            ),
            "history": [
                (
                    change,
                    person_name(change.changed_by),
                    _label(change.old_status),
                    _label(change.new_status),
                )
                for change in history
            ],
            "achievements": reward.achievements.select_related("category").order_by("date"),
            "evidence": list(reward.evidence.all()),
            "nominated_by": person_name(reward.created_by),
            "sees_orders": runs_rewards(user),
            "family_only": not roles_of(user) - {Role.PARENT, Role.LEARNER},
        },
    )


def _fields_of(reward, target, move) -> set[str]:
    """The inputs a step's form shows: the order's number and date, the day of
    handing out, the comment (the reason of a refusal)."""
    fields = set()
    if target == RewardStatus.APPROVED and reward.kind.needs_order:
        fields.add("order")
    if target == RewardStatus.ISSUED:
        fields.add("on")
    if move.needs_comment:
        fields.add("comment")
    return fields


def _label(status: str) -> str:
    return RewardStatus(status).label if status in RewardStatus.values else status


@require_POST
@login_required
def transition(request, pk):
    """One step of the workflow from the reward's page; the service decides."""
    user = request.user
    reward = selectors.get_reward_for_user(user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        for text in error_texts(form, labels=False):
            messages.error(request, text)
        return redirect("rewards_detail", reward.pk)
    data = form.cleaned_data
    target = data["to"]
    if target not in RewardStatus.values:
        messages.error(request, "Неизвестное действие.")
        return redirect("rewards_detail", reward.pk)
    try:
        if target == RewardStatus.APPROVED and reward.kind.needs_order:
            # Approving a kind that needs an order makes the order, as on the
            # director's page: one nomination is an order of one line.
            order = services.rewards_approve(
                rewards=[reward], number=data["number"], on=data["date"], actor=user
            )
            messages.success(request, words.order_registered(order, 1))
            return redirect("rewards_detail", reward.pk)
        services.reward_transition(
            reward=reward, to=target, comment=data["comment"], on=data["on"], actor=user
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, words.done(reward, target, on=data["on"], comment=data["comment"])
        )
    return redirect("rewards_detail", reward.pk)
