"""The register of events (R-PF-5, 002 §4.4): an event with its participants makes
their confirmed portfolio entries at once; correcting the event corrects them; taking
a participant off the list rejects the entry, keeping its history; every refusal
writes nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from achievements.events import services
from achievements.models import (
    Achievement,
    AchievementLevel,
    AchievementStatus,
    AchievementStatusChange,
    Event,
    EventParticipant,
)
from achievements.portfolio.services import achievement_transition
from tests.achievements.events.conftest import PART, PRIZE, WINNER, event_fields
from tests.achievements.portfolio.factories import category

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Event.objects.count(),
        EventParticipant.objects.count(),
        Achievement.objects.count(),
        AchievementStatusChange.objects.count(),
    )


def _entry(school, learner):
    return Achievement.objects.get(learner=learner)


def _history(entry):
    return list(
        entry.changes.order_by("pk").values_list(
            "old_status", "new_status", "comment", "changed_by__username"
        )
    )


@pytest.fixture
def event(school):
    """Entered by Петрова for 5А: Антонова won, Борисов took part."""
    return services.event_create(
        fields=event_fields(),
        participants=[(school.learner, WINNER), (school.classmate, PART)],
        actor=school.class_teacher.user,
    )


def test_event_create_by_class_teacher_makes_confirmed_entries(school, event):
    entry = _entry(school, school.learner)

    assert (
        entry.title,
        entry.category.code,
        entry.level,
        entry.result,
        entry.date,
        entry.organiser,
        entry.subject_area,
        entry.status,
        entry.created_by,
    ) == (
        "Муниципальный этап ВсОШ по математике",
        "olympiad",
        "municipal",
        "winner",
        date(2026, 11, 12),
        "Управление образования",
        "Математика",
        "confirmed",
        school.class_teacher.user,
    )
    assert entry.event_entry.event == event
    assert _history(entry) == [
        (
            "",
            "confirmed",
            "Внесено из журнала регистрации мероприятий: Муниципальный этап ВсОШ по математике",
            "petrova",
        )
    ]
    assert list(
        event.participants.order_by("learner__last_name").values_list(
            "learner__last_name", "result", "achievement__result"
        )
    ) == [("Антонова", "winner", "winner"), ("Борисов", "participant", "participant")]


@pytest.mark.parametrize("kind", ["deputy", "director"])
def test_event_create_by_administration_for_any_class(school, kind):
    actor = getattr(school, kind)

    event = services.event_create(
        fields=event_fields(level=AchievementLevel.REGIONAL),
        participants=[(school.learner, PRIZE), (school.other_learner, PART)],
        actor=actor,
    )

    assert list(
        Achievement.objects.filter(event_entry__event=event)
        .order_by("learner__last_name")
        .values_list("learner__last_name", "level", "result", "status", "created_by")
    ) == [
        ("Антонова", "regional", "prize_winner", "confirmed", actor.pk),
        ("Васильев", "regional", "participant", "confirmed", actor.pk),
    ]


def test_event_create_with_learner_of_other_class_refused_writes_nothing(school):
    with pytest.raises(ValidationError) as caught:
        services.event_create(
            fields=event_fields(),
            participants=[(school.learner, WINNER), (school.other_learner, PART)],
            actor=school.class_teacher.user,
        )

    assert caught.value.messages == [
        "Васильев О.П. не из вашего списка: внести его результат нельзя."
    ]
    assert _counts() == (0, 0, 0, 0)


def test_event_create_with_learner_twice_refused_writes_nothing(school):
    with pytest.raises(ValidationError) as caught:
        services.event_create(
            fields=event_fields(),
            participants=[(school.learner, WINNER), (school.learner, PART)],
            actor=school.deputy,
        )

    assert caught.value.messages == ["Антонова М.И. — в списке участников дважды."]
    assert _counts() == (0, 0, 0, 0)


def test_event_create_ending_before_start_refused_writes_nothing(school):
    with pytest.raises(ValidationError) as caught:
        services.event_create(
            fields=event_fields(starts_on=date(2026, 11, 12), ends_on=date(2026, 11, 10)),
            participants=[(school.learner, WINNER)],
            actor=school.deputy,
        )

    assert caught.value.message_dict == {"ends_on": ["Дата окончания раньше даты начала."]}
    assert _counts() == (0, 0, 0, 0)


def test_event_create_not_finished_refused_writes_nothing(school):
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError) as caught:
        services.event_create(
            fields=event_fields(starts_on=timezone.localdate(), ends_on=tomorrow),
            participants=[(school.learner, WINNER)],
            actor=school.deputy,
        )

    assert caught.value.message_dict == {
        "ends_on": ["Мероприятие ещё не закончилось: результаты вносят после него."]
    }
    assert _counts() == (0, 0, 0, 0)


def test_event_create_without_participants_refused(school):
    with pytest.raises(ValidationError) as caught:
        services.event_create(fields=event_fields(), participants=[], actor=school.deputy)

    assert caught.value.messages == ["Отметьте хотя бы одного участника и его результат."]
    assert _counts() == (0, 0, 0, 0)


def test_event_create_with_unknown_result_refused(school):
    with pytest.raises(ValidationError) as caught:
        services.event_create(
            fields=event_fields(), participants=[(school.learner, "champion")], actor=school.deputy
        )

    assert caught.value.messages == ["Антонова М.И.: неизвестный результат «champion»."]
    assert _counts() == (0, 0, 0, 0)


@pytest.mark.parametrize("kind", ["teacher", "parent", "learner", "customer"])
def test_event_create_by_non_keeper_refused(school, kind):
    with pytest.raises(PermissionDenied):
        services.event_create(
            fields=event_fields(),
            participants=[(school.learner, WINNER)],
            actor=school.actor(kind),
        )

    assert _counts() == (0, 0, 0, 0)


def test_event_update_corrects_every_entry(school, event):
    services.event_update(
        event=event,
        fields=event_fields(
            title="Региональный этап ВсОШ по математике",
            level=AchievementLevel.REGIONAL,
            ends_on=date(2026, 11, 14),
            category=category("contest"),
        ),
        actor=school.deputy,
    )

    assert list(
        Achievement.objects.order_by("learner__last_name").values_list(
            "learner__last_name", "title", "level", "date", "category__code", "result", "status"
        )
    ) == [
        ("Антонова", "Региональный этап ВсОШ по математике", "regional", date(2026, 11, 14),
         "contest", "winner", "confirmed"),
        ("Борисов", "Региональный этап ВсОШ по математике", "regional", date(2026, 11, 14),
         "contest", "participant", "confirmed"),
    ]  # fmt: skip
    assert _history(_entry(school, school.classmate))[1:] == [
        (
            "confirmed",
            "confirmed",
            "Исправлено в журнале регистрации мероприятий: название, категория, уровень, дата",
            "zavuch",
        )
    ]


def test_event_update_without_change_writes_no_history(school, event):
    services.event_update(event=event, fields=event_fields(), actor=school.deputy)

    assert AchievementStatusChange.objects.count() == 2


def test_event_update_by_class_teacher_of_other_class_refused(school, event):
    with pytest.raises(PermissionDenied) as caught:
        services.event_update(
            event=event, fields=event_fields(title="Чужое"), actor=school.other_class_teacher.user
        )

    assert str(caught.value) == (
        "В мероприятии участвуют обучающиеся других классов: исправить его может "
        "заместитель директора или директор."
    )
    assert Achievement.objects.filter(title="Чужое").count() == 0


def test_event_update_by_class_teacher_when_other_class_takes_part_refused(school, event):
    services.participants_set(
        event=event,
        participants=[(school.other_learner, PART)],
        actor=school.other_class_teacher.user,
        group=school.other_group,
    )

    with pytest.raises(PermissionDenied):
        services.event_update(
            event=event, fields=event_fields(title="Другое"), actor=school.class_teacher.user
        )

    assert Event.objects.get().title == "Муниципальный этап ВсОШ по математике"


def test_event_update_into_future_refused_writes_nothing(school, event):
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError):
        services.event_update(
            event=event, fields=event_fields(ends_on=tomorrow), actor=school.director
        )

    assert set(Achievement.objects.values_list("date", flat=True)) == {date(2026, 11, 12)}
    assert AchievementStatusChange.objects.count() == 2


def test_participants_set_adds_changes_and_removes(school, event):
    services.participants_set(
        event=event,
        participants=[(school.learner, PRIZE)],
        actor=school.class_teacher.user,
        group=school.group,
    )

    antonova, borisov = _entry(school, school.learner), _entry(school, school.classmate)
    assert (antonova.result, antonova.status) == ("prize_winner", "confirmed")
    assert event.participants.get().result == "prize_winner"
    assert _history(antonova)[1:] == [
        (
            "confirmed",
            "confirmed",
            "Исправлено в журнале регистрации мероприятий: результат (Победитель → Призёр)",
            "petrova",
        )
    ]
    assert (borisov.status, borisov.status_comment) == (
        "rejected",
        "Удалён из списка участников мероприятия",
    )
    assert _history(borisov)[1:] == [
        ("confirmed", "rejected", "Удалён из списка участников мероприятия", "petrova")
    ]
    assert not EventParticipant.objects.filter(learner=school.classmate).exists()


def test_participants_set_answers_what_it_did(school, event):
    done = services.participants_set(
        event=event,
        participants=[(school.learner, WINNER), (school.other_learner, PART)],
        actor=school.director,
    )

    assert done == {"added": 1, "changed": 0, "removed": 1}
    assert list(
        Achievement.objects.order_by("learner__last_name").values_list(
            "learner__last_name", "status"
        )
    ) == [("Антонова", "confirmed"), ("Борисов", "rejected"), ("Васильев", "confirmed")]


def test_participants_set_for_one_class_leaves_other_classes(school, event):
    services.participants_set(
        event=event,
        participants=[(school.other_learner, WINNER)],
        actor=school.other_class_teacher.user,
        group=school.other_group,
    )

    assert list(
        event.participants.order_by("learner__last_name").values_list(
            "learner__last_name", "result"
        )
    ) == [("Антонова", "winner"), ("Борисов", "participant"), ("Васильев", "winner")]
    assert set(Achievement.objects.values_list("status", flat=True)) == {"confirmed"}


def test_participants_set_re_adding_removed_learner_makes_new_entry(school, event):
    services.participants_set(
        event=event, participants=[(school.learner, WINNER)], actor=school.deputy
    )
    services.participants_set(
        event=event,
        participants=[(school.learner, WINNER), (school.classmate, PART)],
        actor=school.deputy,
    )

    assert list(
        Achievement.objects.filter(learner=school.classmate)
        .order_by("pk")
        .values_list("status", "event_entry__event")
    ) == [("rejected", None), ("confirmed", event.pk)]


def test_participants_set_foreign_learner_refused_writes_nothing(school, event):
    before = _counts()

    with pytest.raises(ValidationError) as caught:
        services.participants_set(
            event=event,
            participants=[(school.learner, WINNER), (school.other_learner, WINNER)],
            actor=school.class_teacher.user,
        )

    assert caught.value.messages == [
        "Васильев О.П. не из вашего списка: внести его результат нельзя."
    ]
    assert _counts() == before


def test_participants_set_removing_foreign_learner_refused_writes_nothing(school, event):
    """Without a class, the list is the whole list: Петрова may not take Васильев off."""
    services.participants_set(
        event=event,
        participants=[(school.other_learner, PART)],
        actor=school.other_class_teacher.user,
        group=school.other_group,
    )
    before = _counts()

    with pytest.raises(ValidationError) as caught:
        services.participants_set(
            event=event,
            participants=[(school.learner, WINNER), (school.classmate, PART)],
            actor=school.class_teacher.user,
        )

    assert caught.value.messages == [
        "Васильев О.П. не из вашего списка: изменить его результат нельзя."
    ]
    assert _counts() == before
    assert Achievement.objects.get(learner=school.other_learner).status == "confirmed"


def test_participants_set_learner_not_in_group_refused(school, event):
    with pytest.raises(ValidationError) as caught:
        services.participants_set(
            event=event,
            participants=[(school.other_learner, WINNER)],
            actor=school.deputy,
            group=school.group,
        )

    assert caught.value.messages == ["Васильев О.П. не учится в классе 5А."]
    assert EventParticipant.objects.count() == 2


def test_participants_set_withdrawn_entry_stays_rejected(school, event):
    """An entry the class teacher withdrew in the portfolio is not rejected twice."""
    borisov = _entry(school, school.classmate)
    achievement_transition(
        achievement=borisov,
        to=AchievementStatus.REJECTED,
        comment="Не участвовал",
        actor=school.class_teacher.user,
    )

    services.participants_set(
        event=event, participants=[(school.learner, WINNER)], actor=school.deputy
    )

    borisov.refresh_from_db()
    assert (borisov.status, borisov.status_comment) == ("rejected", "Не участвовал")
    assert borisov.changes.count() == 2
