"""Who keeps the register of events, and the reads of it, scoped by the access policy.

The register itself (titles, levels, dates, organisers) is the organisation's journal:
everyone who keeps it sees every event, so that a class teacher adds their learners
to the event already entered instead of entering it twice. Participants are personal
data: each keeper sees only the learners whose results they may see."""

from django.db.models import Count, QuerySet

from achievements.models import Event, EventParticipant
from learners.access import (
    refuse,
    result_learners,
    roles_of,
    staff_id_of,
)
from learners.models import Enrollment, Learner, Role, StudyGroup

# The deputy keeps every portfolio; the director signs the register of events too.
WHOLE_REGISTER = frozenset({Role.DEPUTY, Role.DIRECTOR})


def keeps_events(user) -> bool:
    """Who opens the register: the deputy, the director and class teachers."""
    roles = roles_of(user)
    if roles & WHOLE_REGISTER:
        return True
    return Role.CLASS_TEACHER in roles and staff_id_of(user) is not None


def kept_learner_ids(user, learner_ids) -> set[int]:
    """Of ``learner_ids``, those whose event results the user may enter: all for the
    deputy and the director, a class teacher's learners of their class now (what
    keeps_portfolio answers for one learner, in one query for many)."""
    ids = set(learner_ids)
    if not ids:
        return set()
    roles = roles_of(user)
    if roles & WHOLE_REGISTER:
        return ids
    staff_id = staff_id_of(user)
    if staff_id is None or Role.CLASS_TEACHER not in roles:
        return set()
    return set(
        Enrollment.objects.filter(
            learner_id__in=ids, ended_on__isnull=True, group__class_teacher_id=staff_id
        ).values_list("learner_id", flat=True)
    )


def register(user) -> QuerySet[Event]:
    """The register, newest first, with each event's number of participants."""
    if not keeps_events(user):
        return Event.objects.none()
    return (
        Event.objects.select_related("category")
        .annotate(participant_count=Count("participants"))
        .order_by("-ends_on", "-pk")
    )


def get_event_for_user(user, pk) -> Event:
    event = (
        Event.objects.filter(pk=pk).select_related("category", "created_by").first()
        if keeps_events(user)
        else None
    )
    if event is None:
        raise refuse(user, "event", pk)
    return event


def visible_participants(user, event) -> QuerySet[EventParticipant]:
    return (
        EventParticipant.objects.filter(event=event, learner__in=result_learners(user))
        .select_related("learner", "achievement")
        .order_by("learner__last_name", "learner__first_name", "learner__patronymic", "pk")
    )


def event_groups(user, *, year) -> QuerySet[StudyGroup]:
    """The classes whose learners the user may enter into an event: every class of
    the year for the deputy and the director, a class teacher's own classes."""
    groups = StudyGroup.objects.filter(year=year).order_by("grade", "name")
    if roles_of(user) & WHOLE_REGISTER:
        return groups
    staff_id = staff_id_of(user)
    if staff_id is None or Role.CLASS_TEACHER not in roles_of(user):
        return groups.none()
    return groups.filter(class_teacher_id=staff_id)


def get_event_group_for_user(user, pk) -> StudyGroup:
    group = StudyGroup.objects.filter(pk=pk).first() if keeps_events(user) else None
    if group is None or not (
        roles_of(user) & WHOLE_REGISTER or group.class_teacher_id == staff_id_of(user)
    ):
        raise refuse(user, "event_group", pk)
    return group


def group_learners(group) -> list[Learner]:
    """The class's learners now, alphabetically: the rows of the participants' table."""
    return list(
        Learner.objects.filter(
            pk__in=Enrollment.objects.filter(group=group, ended_on__isnull=True).values(
                "learner_id"
            )
        ).order_by("last_name", "first_name", "patronymic", "pk")
    )
