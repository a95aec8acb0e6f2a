from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from achievements.events import selectors, services
from achievements.events.forms import EventFilter, EventForm, GroupChoiceForm, ParticipantsForm
from common.paging import paginate
from learners import selectors as learner_selectors
from learners.access import refuse


def _keeper(user):
    if not selectors.keeps_events(user):
        raise PermissionDenied(services.NOT_KEEPER)


def _group_choice(request, *, data=None):
    groups = selectors.event_groups(request.user, year=learner_selectors.current_year())
    return GroupChoiceForm(data, groups=groups)


def _add_errors(form, error: ValidationError) -> None:
    # A message about one field (a date) goes beside it; the rest above the form.
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def index(request):
    _keeper(request.user)
    filters = EventFilter(request.GET or None)
    page = paginate(request, filters.apply(selectors.register(request.user)))
    return render(
        request,
        "achievements/events/index.html",
        {
            "page": page,
            "filters": filters,
            "filtered": filters.is_valid() and any(filters.cleaned_data.values()),
        },
    )


@login_required
def event_new(request):
    """The event's fields and the results of one class's learners; other classes are
    added on the event's page."""
    _keeper(request.user)
    group_id = request.GET.get("group", "")
    if not group_id:
        return render(
            request,
            "achievements/events/choose_group.html",
            {"choice": _group_choice(request), "event": None},
        )
    if not group_id.isdigit():
        raise refuse(request.user, "event_group", group_id)
    group = selectors.get_event_group_for_user(request.user, int(group_id))
    learners = selectors.group_learners(group)
    form = EventForm(request.POST or None)
    results = ParticipantsForm(request.POST or None, learners=learners)
    if request.method == "POST" and form.is_valid() and results.is_valid():
        try:
            event = services.event_create(
                fields=form.model_fields(),
                participants=results.participants(),
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"Мероприятие внесено; участников: {len(results.participants())}. "
                "Их достижения внесены в портфолио.",
            )
            return redirect("event_detail", event.pk)
    return render(
        request,
        "achievements/events/event_form.html",
        {"form": form, "results": results, "group": group, "event": None},
    )


@login_required
def event_detail(request, event_id):
    event = selectors.get_event_for_user(request.user, event_id)
    participants = list(selectors.visible_participants(request.user, event))
    classes = learner_selectors.current_class_names([p.learner_id for p in participants])
    total = event.participants.count()
    return render(
        request,
        "achievements/events/event.html",
        {
            "event": event,
            "rows": [(p, classes.get(p.learner_id, "")) for p in participants],
            "others": total - len(participants),
            "total": total,
            "may_edit": services.may_edit(event, request.user),
            "choice": _group_choice(request),
        },
    )


@login_required
def event_edit(request, event_id):
    event = selectors.get_event_for_user(request.user, event_id)
    if not services.may_edit(event, request.user):
        raise PermissionDenied(services.OTHER_CLASSES)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, fields=form.model_fields(), actor=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, "Мероприятие исправлено; достижения участников исправлены с ним."
            )
            return redirect("event_detail", event.pk)
    return render(
        request,
        "achievements/events/event_form.html",
        {"form": form, "results": None, "group": None, "event": event},
    )


@login_required
def event_participants(request, event_id, group_id):
    event = selectors.get_event_for_user(request.user, event_id)
    group = selectors.get_event_group_for_user(request.user, group_id)
    learners = selectors.group_learners(group)
    initial = dict(event.participants.filter(learner__in=learners).values_list("learner", "result"))
    results = ParticipantsForm(request.POST or None, learners=learners, initial_results=initial)
    if request.method == "POST" and results.is_valid():
        try:
            done = services.participants_set(
                event=event, participants=results.participants(), actor=request.user, group=group
            )
        except ValidationError as error:
            results.add_error(None, error)
        else:
            messages.success(
                request,
                f"Класс {group.name}: добавлено {done['added']}, исправлено {done['changed']}, "
                f"убрано из списка {done['removed']}.",
            )
            return redirect("event_detail", event.pk)
    return render(
        request,
        "achievements/events/participants.html",
        {"event": event, "group": group, "results": results},
    )


@login_required
def event_participants_pick(request, event_id):
    """The class picker's answer: a form cannot put the chosen class into the path."""
    event = selectors.get_event_for_user(request.user, event_id)
    choice = _group_choice(request, data=request.GET)
    if not choice.is_valid():
        messages.error(request, "Выберите класс из списка.")
        return redirect("event_detail", event.pk)
    return redirect("event_participants", event.pk, choice.cleaned_data["group"].pk)
