"""The staff's reward pages (R-RW-3, R-RW-4): the start page of each role, nominating
one learner and a class, the refusals shown on the form with nothing saved, and the
candidates page."""

from datetime import date

import pytest
from django.utils.timezone import localtime

from achievements.models import MarkKind
from learners.models import Role
from rewards.models import Reward, RewardChange, RewardStatus
from tests.achievements.portfolio.factories import AchievementFactory
from tests.achievements.portfolio.html import table_rows
from tests.factories import TeachingAssignmentFactory
from tests.rewards.candidate_data import give_exams, give_marks
from tests.rewards.factories import RewardFactory, kind
from tests.rewards.pages import (
    MERIT,
    NOT_FOR_ROLE,
    NOT_STAFF,
    STAFF,
    get_as,
    messages_of,
    post_nomination,
)

pytestmark = pytest.mark.django_db

# The start page ------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", STAFF)
def test_index_staff_open(client, school, actor):
    assert get_as(client, school, actor, "/rewards/").status_code == 200


@pytest.mark.parametrize("actor", ["parent", "learner"])
def test_index_family_redirected_to_child(client, school, actor):
    response = get_as(client, school, actor, "/rewards/")

    assert response.status_code == 302
    assert response["Location"] == f"/rewards/learners/{school.learner.pk}/"


@pytest.mark.parametrize("actor", ["clerk", "customer", "administrator"])
def test_index_other_roles_refused_in_russian(client, school, actor):
    response = get_as(client, school, actor, "/rewards/")

    assert response.status_code == 403
    assert NOT_FOR_ROLE in response.content.decode()


def test_index_anonymous_sent_to_login(client, school):
    response = client.get("/rewards/")

    assert (response.status_code, response["Location"]) == (302, "/login/?next=/rewards/")


def test_index_director_counts_pending(client, school):
    RewardFactory(learner=school.learner, year=school.year)
    RewardFactory(learner=school.classmate, year=school.year, kind=kind("parents_letter"))
    RewardFactory(learner=school.other_learner, year=school.year, status=RewardStatus.DECLINED)

    page = get_as(client, school, "director", "/rewards/").content.decode()

    assert '<span class="value">2</span>' in page
    assert "Из них без приказа" not in page


def test_index_deputy_told_what_waits_for_director(client, school):
    RewardFactory(learner=school.learner, year=school.year)
    RewardFactory(learner=school.classmate, year=school.year, kind=kind("parents_letter"))

    page = get_as(client, school, "deputy", "/rewards/").content.decode()

    assert '<span class="value">2</span>' in page
    assert (
        "Из них без приказа (утверждает заместитель директора): 1. Остальные утверждает "
        "директор приказом."
    ) in page


def test_index_class_teacher_sees_class_and_own_nominations(client, school):
    reward = RewardFactory(
        learner=school.learner, year=school.year, created_by=school.class_teacher.user
    )
    RewardFactory(learner=school.classmate, year=school.year)  # someone else's

    response = get_as(client, school, "class_teacher", "/rewards/")

    page = response.content.decode()
    assert f'<a href="/rewards/groups/{school.group.pk}/">Поощрения класса</a>' in page
    assert f'<a href="/rewards/candidates/?group={school.group.pk}">Кандидаты</a>' in page
    assert table_rows(response) == [
        ["5А", "Петрова Анна Сергеевна", "Кандидаты · Представить"],
        [
            "Антонова Мария Ивановна", "Грамота", "—", "2026/2027",
            "Представлен к поощрению", localtime(reward.created_at).strftime("%d.%m.%Y"),
        ],
    ]  # fmt: skip


# Nominating ----------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", STAFF)
def test_nominate_form_opens_for_learner_in_scope(client, school, actor):
    response = get_as(client, school, actor, f"/rewards/nominate/?learner={school.learner.pk}")

    assert response.status_code == 200
    assert [learner.pk for learner in response.context["form"].fields["learner"].queryset] == [
        school.learner.pk
    ]


@pytest.mark.parametrize("actor", ["teacher", "class_teacher"])
def test_nominate_form_learner_outside_scope_404(client, school, actor):
    url = f"/rewards/nominate/?learner={school.other_learner.pk}"

    assert get_as(client, school, actor, url).status_code == 404


@pytest.mark.parametrize("actor", ["parent", "learner", "clerk", "customer", "administrator"])
def test_nominate_form_refused_to_others(client, school, actor):
    response = get_as(client, school, actor, f"/rewards/nominate/?learner={school.learner.pk}")

    assert response.status_code == 403
    assert NOT_STAFF in response.content.decode()


def test_nominate_form_subject_teacher_offered_teachers_kinds(client, school):
    response = get_as(client, school, "teacher", f"/rewards/nominate/?learner={school.learner.pk}")

    assert [k.code for k in response.context["form"].fields["kind"].queryset] == [
        "gratitude", "certificate", "subject_certificate", "diploma",
    ]  # fmt: skip


def test_nominate_form_class_list_with_confirmed_achievements(client, school):
    olympiad = AchievementFactory(learner=school.classmate, title="ВсОШ по физике")
    AchievementFactory(learner=school.classmate, title="Не подтверждено", status="proposed")

    response = get_as(
        client, school, "class_teacher", f"/rewards/nominate/?group={school.group.pk}"
    )

    form = response.context["form"]
    assert [str(label) for _, label in form.fields["learner"].choices] == [
        "Антонова Мария Ивановна",
        "Борисов Глеб Олегович",
    ]
    assert [(value.value, label) for value, label in form.fields["achievements"].choices] == [
        (olympiad.pk, "Борисов Г.О.: ВсОШ по физике (05.10.2026)")
    ]


def test_nominate_one_learner_with_achievement(client, school):
    olympiad = AchievementFactory(learner=school.learner)

    response = post_nomination(
        client, school.teacher, learner=school.learner.pk, achievements=[olympiad.pk],
        period=school.period.pk, results_note="Годовая «5» по математике",
    )  # fmt: skip

    reward = Reward.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/rewards/{reward.pk}/"
    assert messages_of(response) == ["Представлено к поощрению «Грамота»: Антонова Мария Ивановна."]
    assert (reward.learner, reward.kind.code, reward.status, reward.merit, reward.year) == (
        school.learner, "certificate", RewardStatus.NOMINATED, MERIT, school.year,
    )  # fmt: skip
    assert (reward.period, reward.results_note, reward.created_by) == (
        school.period, "Годовая «5» по математике", school.teacher,
    )  # fmt: skip
    assert list(reward.achievements.all()) == [olympiad]


def test_nominate_several_of_class_at_once(client, school):
    response = post_nomination(
        client, school.class_teacher.user, group=school.group.pk,
        learner=[school.learner.pk, school.classmate.pk], code="excellence_sheet",
        merit="За отличные успехи в учении",
    )  # fmt: skip

    assert response["Location"] == f"/rewards/groups/{school.group.pk}/"
    assert sorted(Reward.objects.values_list("learner__last_name", "kind__code", "status")) == [
        ("Антонова", "excellence_sheet", "nominated"),
        ("Борисов", "excellence_sheet", "nominated"),
    ]
    assert RewardChange.objects.count() == 2


def test_nominate_learner_of_other_class_refused_nothing_saved(client, school):
    # Петрова also teaches mathematics in 5Б: she sees Васильев's results, but a
    # похвальный лист is for the class teacher of his own class.
    user = school.class_teacher.user
    user.groups.add(*school.build.user(Role.TEACHER).groups.all())
    TeachingAssignmentFactory(teacher=school.class_teacher, group=school.other_group)

    response = post_nomination(
        client, user, learner=[school.learner.pk, school.other_learner.pk],
        code="excellence_sheet", merit="За отличные успехи в учении",
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Васильев Олег Петрович: к виду «Похвальный лист «За отличные успехи в учении»» "
        "представляет классный руководитель обучающегося или администрация, и обучающийся "
        "должен быть из вашего класса (ваших классов)."
    ]
    assert Reward.objects.count() == 0
    assert RewardChange.objects.count() == 0


def test_nominate_learner_outside_scope_post_404_nothing_saved(client, school):
    response = post_nomination(client, school.class_teacher.user, learner=school.other_learner.pk)

    assert response.status_code == 404
    assert Reward.objects.count() == 0


@pytest.mark.parametrize("actor", ["parent", "learner"])
def test_nominate_by_family_refused(client, school, actor):
    response = post_nomination(client, school.actor(actor), learner=school.learner.pk)

    assert response.status_code == 403
    assert NOT_STAFF in response.content.decode()
    assert Reward.objects.count() == 0


def test_nominate_subject_kind_without_subject_refused(client, school):
    response = post_nomination(
        client, school.teacher, learner=school.learner.pk, code="subject_certificate"
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "subject": [
            "Для вида «Похвальная грамота «За особые успехи в изучении отдельных предметов»» "
            "выберите учебный предмет."
        ]
    }
    assert Reward.objects.count() == 0


def test_nominate_twice_refused_with_service_message(client, school):
    RewardFactory(learner=school.learner, year=school.year)

    response = post_nomination(client, school.teacher, learner=school.learner.pk)

    assert response.context["form"].non_field_errors() == [
        "Антонова Мария Ивановна уже представлен(а) к виду «Грамота» в этом учебном году."
    ]
    assert Reward.objects.count() == 1


def test_nominate_empty_merit_and_no_learner_refused(client, school):
    response = post_nomination(
        client, school.class_teacher.user, group=school.group.pk, merit="   "
    )

    assert response.context["form"].errors == {
        "learner": ["Отметьте хотя бы одного обучающегося."],
        "merit": ["Напишите, за что поощряется обучающийся."],
    }
    assert Reward.objects.count() == 0


# Candidates ----------------------------------------------------------------------------------


@pytest.fixture
def olympiad(school):
    """Антонова won the municipal stage of an olympiad: a грамота candidate."""
    return AchievementFactory(
        learner=school.learner, title="Олимпиада по математике", date=date(2026, 10, 5)
    )


@pytest.mark.parametrize("actor", STAFF)
def test_candidates_open_for_staff(client, school, actor):
    url = f"/rewards/candidates/?group={school.group.pk}"

    assert get_as(client, school, actor, url).status_code == 200


@pytest.mark.parametrize("actor", ["teacher", "class_teacher"])
def test_candidates_group_outside_scope_404(client, school, actor):
    url = f"/rewards/candidates/?group={school.other_group.pk}"

    assert get_as(client, school, actor, url).status_code == 404


@pytest.mark.parametrize("actor", ["parent", "learner", "clerk", "customer", "administrator"])
def test_candidates_refused_to_others(client, school, actor):
    response = get_as(client, school, actor, f"/rewards/candidates/?group={school.group.pk}")

    assert response.status_code == 403


def test_candidates_class_teacher_defaults_to_own_class(client, school, olympiad):
    response = get_as(client, school, "class_teacher", "/rewards/candidates/")

    assert response.context["group"] == school.group
    [section] = response.context["sections"]
    assert section["kind"].code == "certificate"
    assert table_rows(response) == [
        [
            "Антонова Мария Ивановна",
            "Победитель — Олимпиада по математике, муниципальный уровень (05.10.2026)",
            "Представить",
        ]
    ]


def test_candidates_director_without_group_chooses(client, school, olympiad):
    response = get_as(client, school, "director", "/rewards/candidates/")

    assert response.context["group"] is None
    assert response.context["sections"] == []
    assert [g.name for g in response.context["groups"]] == ["5А", "5Б"]


def test_candidates_one_click_nominates_and_returns(client, school, olympiad):
    client.force_login(school.class_teacher.user)
    page = client.get(f"/rewards/candidates/?group={school.group.pk}")
    [section] = page.context["sections"]
    [batch] = section["batches"]
    candidate = batch["rows"][0]["candidate"]

    response = client.post(
        "/rewards/nominate/",
        {
            "from": "candidates", "group": school.group.pk, "learner": candidate.learner_id,
            "kind": section["kind"].pk, "ground": candidate.ground, "merit": candidate.merit,
            "results_note": batch["rows"][0]["note"],
            "achievements": list(candidate.achievement_ids),
        },
    )  # fmt: skip

    assert response["Location"] == f"/rewards/candidates/?group={school.group.pk}"
    reward = Reward.objects.get()
    assert (reward.learner, reward.kind.code, reward.merit) == (
        school.learner, "certificate",
        "За высокие результаты в олимпиадах и конкурсах 2026/2027 учебного года",
    )  # fmt: skip
    assert list(reward.achievements.all()) == [olympiad]
    after = client.get(f"/rewards/candidates/?group={school.group.pk}")
    assert after.context["sections"] == []


def test_candidates_batch_nominates_ticked_with_own_achievements(client, school, olympiad):
    other = AchievementFactory(learner=school.classmate, title="Олимпиада по физике")
    client.force_login(school.class_teacher.user)
    [section] = client.get("/rewards/candidates/").context["sections"]
    [batch] = section["batches"]
    assert batch["achievement_ids"] == sorted([olympiad.pk, other.pk])

    client.post(
        "/rewards/nominate/",
        {
            "from": "candidates", "group": school.group.pk, "learner": [school.classmate.pk],
            "kind": section["kind"].pk, "ground": batch["ground"], "merit": batch["merit"],
            "achievements": batch["achievement_ids"],
        },
    )  # fmt: skip

    reward = Reward.objects.get()
    assert reward.learner == school.classmate
    assert list(reward.achievements.all()) == [other]


def test_candidates_pending_medal_shown_with_reason_without_button(client, school):
    eleventh = school.build.group("11А", grade=11)
    final = {"Алгебра": "5", "Русский язык": "5", "Физика": "5"}
    for name, exams in (("Гусев", {"Русский язык": 70, "Физика": 70}), ("Жуков", {})):
        learner = school.build.learner(eleventh, name, "Иван", "Иванович")
        give_marks(learner, school.year, final, kind=MarkKind.FINAL)
        give_exams(learner, school.year, exams)

    response = get_as(client, school, "director", f"/rewards/candidates/?group={eleventh.pk}")

    assert table_rows(response) == [
        ["Гусев Иван Иванович",
         "Итоговые отметки «5» по 3 предметам ЕГЭ: Русский язык — 70 баллов; Физика — 70 баллов",
         "Представить"],
        ["Жуков Иван Иванович",
         "Итоговые отметки «5» по 3 предметам Результаты ЕГЭ ещё не внесены",
         "Ожидает: ждёт результатов ЕГЭ"],
    ]  # fmt: skip
    page = response.content.decode()
    assert page.count('<button type="submit" class="secondary">Представить</button>') == 1
    assert "Представить отмеченных" not in page
