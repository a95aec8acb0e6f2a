"""The register's pages (R-PF-5): who may open each, with exact status codes; the new
event form with a class's results; the class's participants page; query counts flat
in rows."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achievements.events import services
from achievements.models import Achievement, AchievementLevel, Event, EventParticipant
from learners.models import Role
from tests.achievements.events.conftest import PART, WINNER, event_fields
from tests.achievements.events.factories import EventFactory, EventParticipantFactory
from tests.achievements.portfolio.factories import category
from tests.factories import AcademicYearFactory, EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db

KINDS = [
    "deputy", "director", "class_teacher", "other_class_teacher", "teacher", "parent",
    "learner", "clerk", "customer", "administrator",
]  # fmt: skip


def _user(school, kind):
    if kind == "clerk":
        return UserFactory(roles=[Role.CLERK])
    if kind == "administrator":
        return UserFactory(roles=[Role.ADMINISTRATOR])
    if kind == "teacher":
        return school.subject_teacher
    return school.actor(kind)


def _messages(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


@pytest.fixture
def event(school):
    """5А's event: Антонова won, Борисов took part."""
    return services.event_create(
        fields=event_fields(),
        participants=[(school.learner, WINNER), (school.classmate, PART)],
        actor=school.class_teacher.user,
    )


def _status(client, school, kind, url):
    client.force_login(_user(school, kind))
    return client.get(url).status_code


# Who may open what ---------------------------------------------------------------------------

KEEPERS = {"deputy": 200, "director": 200, "class_teacher": 200, "other_class_teacher": 200}


@pytest.mark.parametrize("kind", KINDS)
def test_register_index_status_by_role(client, school, event, kind):
    assert _status(client, school, kind, "/portfolio/events/") == KEEPERS.get(kind, 403)


@pytest.mark.parametrize("kind", KINDS)
def test_event_new_status_by_role(client, school, kind):
    assert _status(client, school, kind, "/portfolio/events/new/") == KEEPERS.get(kind, 403)


@pytest.mark.parametrize(
    "kind, expected",
    [("deputy", 200), ("director", 200), ("class_teacher", 200), ("other_class_teacher", 404),
     ("teacher", 403), ("parent", 403)],
)  # fmt: skip
def test_event_new_for_class_status_by_role(client, school, kind, expected):
    url = f"/portfolio/events/new/?group={school.group.pk}"

    assert _status(client, school, kind, url) == expected


@pytest.mark.parametrize("kind", KINDS)
def test_event_page_status_by_role(client, school, event, kind):
    assert _status(client, school, kind, f"/portfolio/events/{event.pk}/") == KEEPERS.get(kind, 404)


@pytest.mark.parametrize(
    "kind, expected",
    [("deputy", 200), ("director", 200), ("class_teacher", 200), ("other_class_teacher", 403),
     ("teacher", 404), ("parent", 404), ("learner", 404), ("clerk", 404), ("customer", 404),
     ("administrator", 404)],
)  # fmt: skip
def test_event_edit_status_by_role(client, school, event, kind, expected):
    assert _status(client, school, kind, f"/portfolio/events/{event.pk}/edit/") == expected


@pytest.mark.parametrize(
    "kind, expected",
    [("deputy", 200), ("director", 200), ("class_teacher", 200), ("other_class_teacher", 404),
     ("teacher", 404), ("parent", 404), ("learner", 404), ("clerk", 404), ("customer", 404),
     ("administrator", 404)],
)  # fmt: skip
def test_participants_page_status_by_role(client, school, event, kind, expected):
    url = f"/portfolio/events/{event.pk}/groups/{school.group.pk}/"

    assert _status(client, school, kind, url) == expected


def test_anonymous_sent_to_login(client, school, event):
    response = client.get(f"/portfolio/events/{event.pk}/")

    assert (response.status_code, response["Location"]) == (
        302,
        f"/login/?next=/portfolio/events/{event.pk}/",
    )


def test_event_page_of_other_class_teacher_shows_no_names(client, school, event):
    client.force_login(school.other_class_teacher.user)

    response = client.get(f"/portfolio/events/{event.pk}/")

    text = response.content.decode()
    assert "Антонова" not in text and "Борисов" not in text
    assert "Ещё участников из других классов: 2." in text
    assert "Исправить мероприятие" not in text


def test_event_page_links_participants_to_achievements(client, school, event):
    client.force_login(school.class_teacher.user)

    response = client.get(f"/portfolio/events/{event.pk}/")

    entry = Achievement.objects.get(learner=school.learner)
    assert [(p.learner.last_name, name) for p, name in response.context["rows"]] == [
        ("Антонова", "5А"),
        ("Борисов", "5А"),
    ]
    assert f'href="/portfolio/achievements/{entry.pk}/"' in response.content.decode()


def test_participants_pick_redirects_to_class_page(client, school, event):
    client.force_login(school.deputy)

    response = client.get(f"/portfolio/events/{event.pk}/groups/", {"group": school.other_group.pk})

    assert response["Location"] == f"/portfolio/events/{event.pk}/groups/{school.other_group.pk}/"


def test_participants_pick_foreign_class_refused(client, school, event):
    client.force_login(school.class_teacher.user)

    response = client.get(
        f"/portfolio/events/{event.pk}/groups/", {"group": school.other_group.pk}, follow=True
    )

    assert _messages(response) == ["Выберите класс из списка."]
    assert response.redirect_chain == [(f"/portfolio/events/{event.pk}/", 302)]


# Entering through the pages ------------------------------------------------------------------


def _event_post(school, **overrides):
    return {
        "title": "Конкурс чтецов «Живая классика»",
        "category": category("contest").pk,
        "level": AchievementLevel.SCHOOL,
        "starts_on": "2026-11-20",
        "ends_on": "2026-11-20",
        "organiser": "МАОУ «Лицей № 1»",
        "subject_area": "Литература",
        "description": "",
        f"result_{school.learner.pk}": "laureate",
        f"result_{school.classmate.pk}": "",
        **overrides,
    }


def test_event_new_by_class_teacher_enters_results(client, school):
    client.force_login(school.class_teacher.user)

    response = client.post(f"/portfolio/events/new/?group={school.group.pk}", _event_post(school))

    event = Event.objects.get()
    assert response["Location"] == f"/portfolio/events/{event.pk}/"
    assert list(
        Achievement.objects.values_list("learner__last_name", "title", "result", "date", "status")
    ) == [
        ("Антонова", "Конкурс чтецов «Живая классика»", "laureate", date(2026, 11, 20),
         "confirmed"),
    ]  # fmt: skip


def test_event_new_ending_before_start_told_beside_field(client, school):
    client.force_login(school.class_teacher.user)

    response = client.post(
        f"/portfolio/events/new/?group={school.group.pk}",
        _event_post(school, starts_on="2026-11-21"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_on": ["Дата окончания раньше даты начала."]}
    assert (Event.objects.count(), Achievement.objects.count()) == (0, 0)


def test_event_new_nobody_chosen_refused(client, school):
    client.force_login(school.class_teacher.user)

    response = client.post(
        f"/portfolio/events/new/?group={school.group.pk}",
        _event_post(school, **{f"result_{school.learner.pk}": ""}),
    )

    assert response.context["form"].non_field_errors() == [
        "Отметьте хотя бы одного участника и его результат."
    ]
    assert Event.objects.count() == 0


def test_event_new_learner_of_other_class_slipped_in_is_ignored(client, school):
    """Only the rows of the class shown are read: a forged field adds nobody."""
    client.force_login(school.class_teacher.user)

    client.post(
        f"/portfolio/events/new/?group={school.group.pk}",
        _event_post(school, **{f"result_{school.other_learner.pk}": "winner"}),
    )

    assert list(EventParticipant.objects.values_list("learner__last_name", flat=True)) == [
        "Антонова"
    ]


def test_event_new_for_other_class_refused(client, school):
    client.force_login(school.class_teacher.user)

    response = client.post(
        f"/portfolio/events/new/?group={school.other_group.pk}",
        _event_post(school, **{f"result_{school.other_learner.pk}": "winner"}),
    )

    assert response.status_code == 404
    assert Event.objects.count() == 0


def test_event_edit_corrects_entries(client, school, event):
    client.force_login(school.class_teacher.user)

    response = client.post(
        f"/portfolio/events/{event.pk}/edit/",
        {**_event_post(school), "title": "Муниципальный этап ВсОШ по алгебре"},
    )

    assert response["Location"] == f"/portfolio/events/{event.pk}/"
    assert set(Achievement.objects.values_list("title", "category__code", "date")) == {
        ("Муниципальный этап ВсОШ по алгебре", "contest", date(2026, 11, 20))
    }


def test_participants_page_changes_class_results(client, school, event):
    client.force_login(school.class_teacher.user)

    response = client.post(
        f"/portfolio/events/{event.pk}/groups/{school.group.pk}/",
        {f"result_{school.learner.pk}": "participant", f"result_{school.classmate.pk}": ""},
        follow=True,
    )

    assert _messages(response) == ["Класс 5А: добавлено 0, исправлено 1, убрано из списка 1."]
    assert list(
        Achievement.objects.order_by("learner__last_name").values_list(
            "learner__last_name", "result", "status"
        )
    ) == [("Антонова", "participant", "confirmed"), ("Борисов", "participant", "rejected")]


def test_participants_page_shows_current_results(client, school, event):
    client.force_login(school.deputy)

    response = client.get(f"/portfolio/events/{event.pk}/groups/{school.group.pk}/")

    assert [
        (learner.last_name, field.value()) for learner, field in response.context["results"].rows()
    ] == [
        ("Антонова", "winner"),
        ("Борисов", "participant"),
    ]


# Query counts --------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_register_query_count_flat_in_events(client, school):
    client.force_login(school.class_teacher.user)
    EventParticipantFactory(event=EventFactory(), learner=school.learner)
    few = _queries(client, "/portfolio/events/?level=school")

    for _ in range(20):
        EventParticipantFactory.create_batch(2, event=EventFactory())
    many = _queries(client, "/portfolio/events/?level=school")

    assert few == many


def test_event_page_query_count_flat_in_participants(client, school):
    event = EventFactory()
    EventParticipantFactory(event=event, learner=school.learner)
    client.force_login(school.deputy)
    few = _queries(client, f"/portfolio/events/{event.pk}/")

    for _ in range(15):
        EventParticipantFactory(event=event, learner=EnrollmentFactory(group=school.group).learner)
    many = _queries(client, f"/portfolio/events/{event.pk}/")

    assert few == many


def test_register_filters_by_level_and_year(client, school):
    last_year = AcademicYearFactory(
        name="2025/2026", starts_on=date(2025, 9, 1), ends_on=date(2026, 5, 31)
    )
    EventFactory(title="Школьный, прошлый год", starts_on=date(2026, 3, 2))
    EventFactory(
        title="Региональный, прошлый год",
        starts_on=date(2026, 4, 7),
        level=AchievementLevel.REGIONAL,
    )
    EventFactory(title="Школьный, этот год", starts_on=date(2026, 10, 20))
    client.force_login(school.deputy)

    response = client.get("/portfolio/events/", {"level": "school", "year": last_year.pk})

    assert [e.title for e in response.context["page"].object_list] == ["Школьный, прошлый год"]
