"""Writes to the register of events (R-PF-5): an event with its participants makes
their portfolio entries at once, confirmed, and a correction of the event or of a
result corrects the entries; a participant taken off the list has the entry
rejected, never deleted, so the portfolio's history keeps what was there."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from achievements.events.selectors import keeps_events, kept_learner_ids
from achievements.models import (
    Achievement,
    AchievementResult,
    AchievementStatus,
    AchievementStatusChange,
    Event,
    EventParticipant,
)
from achievements.portfolio.services import MOVES
from learners.models import Enrollment, Learner

# The fields of an event the form hands over.
EVENT_FIELDS = (
    "title", "category", "level", "starts_on", "ends_on", "organiser", "subject_area",
    "description",
)  # fmt: skip
# An entry's field ← the event's field it is copied from.
COPIED = {
    "title": "title",
    "category": "category",
    "level": "level",
    "date": "ends_on",
    "organiser": "organiser",
    "subject_area": "subject_area",
    "description": "description",
}

CREATED_NOTE = "Внесено из журнала регистрации мероприятий: {title}"
CORRECTED_NOTE = "Исправлено в журнале регистрации мероприятий: {what}"
REMOVED_NOTE = "Удалён из списка участников мероприятия"

NOT_KEEPER = (
    "Журнал регистрации мероприятий ведут заместитель директора, директор и классные руководители."
)
NOT_YOURS = "{name} не из вашего списка: внести его результат нельзя."
NOT_YOURS_TO_CHANGE = "{name} не из вашего списка: изменить его результат нельзя."
OTHER_CLASSES = (
    "В мероприятии участвуют обучающиеся других классов: исправить его может "
    "заместитель директора или директор."
)
NOT_FINISHED = "Мероприятие ещё не закончилось: результаты вносят после него."
ENDS_BEFORE_START = "Дата окончания раньше даты начала."
TWICE = "{name} — в списке участников дважды."
NOBODY = "Отметьте хотя бы одного участника и его результат."
UNKNOWN_RESULT = "{name}: неизвестный результат «{result}»."
NOT_IN_GROUP = "{name} не учится в классе {group}."


def _check_dates(fields: dict) -> None:
    starts_on, ends_on = fields.get("starts_on"), fields.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": ENDS_BEFORE_START})
    if ends_on and ends_on > timezone.localdate():
        raise ValidationError({"ends_on": NOT_FINISHED})


def _checked_list(participants, *, actor) -> dict[int, tuple[Learner, str]]:
    """{learner id: (learner, result)} of a list every line of which the actor may
    enter; every problem of the list is told at once."""
    problems, chosen = [], {}
    for learner, result in participants:
        if learner.pk in chosen:
            problems.append(TWICE.format(name=learner.short_name))
        elif result not in AchievementResult.values:
            problems.append(UNKNOWN_RESULT.format(name=learner.short_name, result=result))
        else:
            chosen[learner.pk] = (learner, result)
    kept = kept_learner_ids(actor, chosen)
    problems += [
        NOT_YOURS.format(name=learner.short_name)
        for pk, (learner, _) in chosen.items()
        if pk not in kept
    ]
    if problems:
        raise ValidationError(problems)
    return chosen


def _entry(event, learner, result, actor) -> Achievement:
    entry = Achievement(
        learner=learner,
        result=result,
        status=AchievementStatus.CONFIRMED,
        created_by=actor,
        **{field: getattr(event, source) for field, source in COPIED.items()},
    )
    entry.full_clean(exclude=["learner", "created_by"], validate_constraints=False)
    return entry


def _add(event, chosen: dict[int, tuple[Learner, str]], actor) -> list[EventParticipant]:
    # Three inserts however long the list: a class of thirty is entered at once.
    entries = Achievement.objects.bulk_create(
        [_entry(event, learner, result, actor) for learner, result in chosen.values()]
    )
    AchievementStatusChange.objects.bulk_create(
        AchievementStatusChange(
            achievement=entry,
            old_status="",
            new_status=AchievementStatus.CONFIRMED,
            changed_by=actor,
            comment=CREATED_NOTE.format(title=event.title)[:500],
        )
        for entry in entries
    )
    return EventParticipant.objects.bulk_create(
        EventParticipant(event=event, learner=learner, result=result, achievement=entry)
        for (learner, result), entry in zip(chosen.values(), entries, strict=True)
    )


def _note_corrections(entries, what: str, actor) -> None:
    """A correction leaves the status as it was; the history row says who made it."""
    AchievementStatusChange.objects.bulk_create(
        AchievementStatusChange(
            achievement_id=entry.pk,
            old_status=entry.status,
            new_status=entry.status,
            changed_by=actor,
            comment=CORRECTED_NOTE.format(what=what)[:500],
        )
        for entry in entries
    )


@transaction.atomic
def event_create(*, fields: dict, participants, actor) -> Event:
    """Enter an event with its participants, ``participants`` being (learner, result)
    pairs: each gets a confirmed portfolio entry made from the event."""
    if not keeps_events(actor):
        raise PermissionDenied(NOT_KEEPER)
    _check_dates(fields)
    event = Event(created_by=actor, **{name: fields[name] for name in EVENT_FIELDS})
    event.full_clean(exclude=["created_by"])
    chosen = _checked_list(participants, actor=actor)
    if not chosen:
        raise ValidationError(NOBODY)
    event.save()
    _add(event, chosen, actor)
    return event


def may_edit(event, user) -> bool:
    """The deputy and the director correct any event; a class teacher one whose
    participants are all of their class: the correction changes every participant's
    portfolio."""
    if not keeps_events(user):
        return False
    learner_ids = set(event.participants.values_list("learner_id", flat=True))
    return kept_learner_ids(user, learner_ids) == learner_ids


@transaction.atomic
def event_update(*, event, fields: dict, actor) -> Event:
    """Correct the event; every participant's entry is corrected with it."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not keeps_events(actor):
        raise PermissionDenied(NOT_KEEPER)
    if not may_edit(event, actor):
        raise PermissionDenied(OTHER_CLASSES)
    _check_dates(fields)
    changed = [name for name in EVENT_FIELDS if getattr(event, name) != fields[name]]
    if not changed:
        return event
    for name in changed:
        setattr(event, name, fields[name])
    event.full_clean(exclude=["created_by"])
    event.save(update_fields=changed)
    copied = {field: source for field, source in COPIED.items() if source in changed}
    if copied:
        entries = Achievement.objects.select_for_update().filter(event_entry__event=event)
        locked = list(entries.only("pk", "status"))
        entries.update(**{field: getattr(event, source) for field, source in copied.items()})
        labels = ", ".join(str(Achievement._meta.get_field(field).verbose_name) for field in copied)
        _note_corrections(locked, labels, actor)
    return event


def _group_learner_ids(group) -> set[int]:
    return set(
        Enrollment.objects.filter(group=group, ended_on__isnull=True).values_list(
            "learner_id", flat=True
        )
    )


@transaction.atomic
def participants_set(*, event, participants, actor, group=None) -> dict[str, int]:
    """Make the list of ``event``'s participants what ``participants`` ((learner,
    result) pairs) says: new ones get their entries, a changed result corrects the
    entry, and those left out have their entries rejected. With ``group``, the list
    is that class's part: participants who are not in the class now stay as they are.
    Answers {"added": n, "changed": n, "removed": n}."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not keeps_events(actor):
        raise PermissionDenied(NOT_KEEPER)
    participants = list(participants)
    if group is not None:
        members = _group_learner_ids(group)
        strangers = [learner for learner, _ in participants if learner.pk not in members]
        if strangers:
            raise ValidationError(
                [NOT_IN_GROUP.format(name=s.short_name, group=group.name) for s in strangers]
            )
    chosen = _checked_list(participants, actor=actor)
    current = EventParticipant.objects.select_related("learner", "achievement").filter(event=event)
    if group is not None:
        current = current.filter(learner_id__in=members)
    current = {p.learner_id: p for p in current}
    changed = [p for pk, p in current.items() if pk in chosen and chosen[pk][1] != p.result]
    removed = [p for pk, p in current.items() if pk not in chosen]
    kept = kept_learner_ids(actor, {p.learner_id for p in removed})
    refused = [p for p in removed if p.learner_id not in kept]
    if refused:
        raise ValidationError(
            [NOT_YOURS_TO_CHANGE.format(name=p.learner.short_name) for p in refused]
        )
    new = {pk: line for pk, line in chosen.items() if pk not in current}
    _add(event, new, actor)
    for participant in changed:
        _result_change(participant, chosen[participant.learner_id][1], actor)
    for participant in removed:
        _remove(participant, actor)
    return {
        "added": len(new),
        "changed": len(changed),
        "removed": len(removed),
    }


def _result_change(participant, result: str, actor) -> None:
    old = AchievementResult(participant.result).label
    participant.result = result
    participant.save(update_fields=["result"])
    entry = Achievement.objects.select_for_update().get(pk=participant.achievement_id)
    entry.result = result
    entry.save(update_fields=["result"])
    what = f"результат ({old} → {AchievementResult(result).label})"
    _note_corrections([entry], what, actor)


def _remove(participant, actor) -> None:
    entry = Achievement.objects.select_for_update().get(pk=participant.achievement_id)
    participant.delete()
    if entry.status == AchievementStatus.REJECTED:
        return
    # The same edge the confirmation workflow's table allows its keeper; the register's
    # keepers include the director, so the edge is taken here rather than through
    # achievement_transition.
    move = MOVES[(entry.status, AchievementStatus.REJECTED)]
    old = entry.status
    entry.status, entry.status_comment = move.target, REMOVED_NOTE
    entry.save(update_fields=["status", "status_comment"])
    AchievementStatusChange.objects.create(
        achievement=entry,
        old_status=old,
        new_status=entry.status,
        changed_by=actor,
        comment=REMOVED_NOTE,
    )
