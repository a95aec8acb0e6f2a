"""A gifted learner's achievement credited as an attestation mark (achievements/gifted/,
000 §1.2, §3.3, R-CT-11).

The ``gifted`` fixture: 7А of 2026/2027 (first quarter 01.09–25.10.2026), Андреева Анна
Павловна enrolled and in the state register of gifted children; the curriculum of grade 7
holds Биология, Русский язык (mandatory at the state exam) and Химия (which she chose for
it); Астрономия is taught only in grade 11. Her confirmed achievement: prize winner of the
regional olympiad in biology on 12.10.2026, organised by the regional ministry."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from achievements import credits
from achievements.gifted import services
from achievements.models import (
    Achievement,
    AchievementResult,
    AchievementStatus,
    MarkKind,
    MarkOrigin,
    PeriodMark,
    PeriodMarkChange,
)
from learners.models import Learner, Role, StateExamChoice, StudyGroup, StudyPeriod, Subject
from tests.achievements.portfolio.factories import AchievementFactory
from tests.factories import (
    AcademicYearFactory,
    CurriculumLineFactory,
    EnrollmentFactory,
    LearnerFactory,
    ProgrammeFactory,
    StaffFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    SubjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REFERENCE = "решение заместителя директора от 20.10.2026"
SOURCE = "Региональная олимпиада по биологии (12.10.2026, Министерство образования области)"
NOTE = (
    "Зачтено индивидуальное достижение: Региональная олимпиада по биологии (12.10.2026, "
    "Министерство образования области); призёр; решение заместителя директора от 20.10.2026"
)


@dataclass
class Gifted:
    learner: Learner
    group: StudyGroup
    period: StudyPeriod
    biology: Subject
    russian: Subject
    chemistry: Subject
    astronomy: Subject
    prize: Achievement
    deputy: object


@pytest.fixture
def gifted():
    year = AcademicYearFactory()
    period = StudyPeriodFactory(year=year)
    programme = ProgrammeFactory()
    group = StudyGroupFactory(year=year, programme=programme, grade=7, name="7А")
    biology = SubjectFactory(name="Биология")
    russian = SubjectFactory(name="Русский язык")
    chemistry = SubjectFactory(name="Химия")
    astronomy = SubjectFactory(name="Астрономия")
    CurriculumLineFactory(programme=programme, subject=biology, grade=7)
    CurriculumLineFactory(
        programme=programme, subject=russian, grade=7, is_state_exam_mandatory=True
    )
    CurriculumLineFactory(programme=programme, subject=chemistry, grade=7)
    CurriculumLineFactory(programme=programme, subject=astronomy, grade=11)
    learner = LearnerFactory(
        last_name="Андреева", first_name="Анна", patronymic="Павловна", is_gifted_registered=True
    )
    EnrollmentFactory(learner=learner, group=group)
    StateExamChoice.objects.create(learner=learner, subject=chemistry, year=year)
    prize = AchievementFactory(
        learner=learner,
        title="Региональная олимпиада по биологии",
        level="regional",
        result=AchievementResult.PRIZE_WINNER,
        date=date(2026, 10, 12),
        organiser="Министерство образования области",
    )
    deputy = StaffFactory(user=UserFactory(roles=[Role.DEPUTY])).user
    return Gifted(learner, group, period, biology, russian, chemistry, astronomy, prize, deputy)


def record(gifted, **overrides):
    arguments = {
        "learner": gifted.learner,
        "group": gifted.group,
        "achievement": gifted.prize,
        "subject": gifted.biology,
        "period": gifted.period,
        "value": "5",
        "reference": REFERENCE,
        "actor": gifted.deputy,
    }
    return services.gifted_credit_record(**(arguments | overrides))


def nothing_written():
    return (PeriodMark.objects.count(), PeriodMarkChange.objects.count())


# The service ---------------------------------------------------------------------------


def test_gifted_credit_record_writes_credited_mark_with_achievement_and_history(gifted):
    mark = record(gifted)

    mark.refresh_from_db()
    assert (mark.kind, mark.period, mark.value, mark.origin) == (
        MarkKind.PERIOD,
        gifted.period,
        "5",
        MarkOrigin.CREDITED,
    )
    assert (mark.credit_achievement, mark.credit_source, mark.credit_original) == (
        gifted.prize,
        SOURCE,
        "Призёр",
    )
    assert mark.credit_reference == REFERENCE
    assert mark.credit_note == NOTE
    change = mark.changes.get()
    assert (change.old_value, change.new_value, change.changed_by, change.reason) == (
        "",
        "5",
        gifted.deputy,
        NOTE,
    )


def test_gifted_credit_record_year_mark_when_no_period(gifted):
    mark = record(gifted, period=None, value="зач.")

    assert (mark.kind, mark.period, mark.year, mark.value) == (
        MarkKind.YEAR,
        None,
        gifted.group.year,
        "зач.",
    )


def test_gifted_credit_record_again_writes_no_second_history(gifted):
    record(gifted)
    record(gifted)

    assert nothing_written() == (1, 1)


def test_gifted_credit_record_replaces_school_mark_keeping_old_value(gifted):
    PeriodMark.objects.create(
        learner=gifted.learner,
        subject=gifted.biology,
        year=gifted.group.year,
        kind=MarkKind.PERIOD,
        period=gifted.period,
        value="4",
        updated_by=gifted.deputy,
    )

    mark = record(gifted)

    assert [(c.old_value, c.new_value) for c in mark.changes.all()] == [("4", "5")]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (
            "not_registered",
            "Андреева А.П. не внесён в государственный информационный ресурс о детях, "
            "проявивших выдающиеся способности: его достижения не зачитываются как отметки.",
        ),
        (
            "proposed",
            "Достижение «Региональная олимпиада по биологии» ещё не подтверждено: сначала "
            "подтвердите его в портфолио.",
        ),
        (
            "participant",
            "«Региональная олимпиада по биологии»: зачесть можно победу, призовое место или "
            "звание лауреата, а не участие.",
        ),
        ("foreign", "Это достижение другого обучающегося."),
        (
            "mandatory",
            "Предмет «Русский язык» выносится на ГИА: по нему достижение не зачитывается.",
        ),
        ("chosen", "Предмет «Химия» выносится на ГИА: по нему достижение не зачитывается."),
        ("outside", "Предмета «Астрономия» нет в учебном плане 7-го класса."),
        ("value", "«2» нельзя зачесть по предмету «Биология»: можно зач., 5, 4, 3."),
        ("reference", "Укажите основание: решение или приказ, по которому достижение зачтено."),
    ],
)
def test_gifted_credit_record_refused_writes_nothing(gifted, case, message):
    overrides = {}
    if case == "not_registered":
        Learner.objects.filter(pk=gifted.learner.pk).update(is_gifted_registered=False)
    elif case in ("proposed", "participant"):
        field = {"proposed": ("status", AchievementStatus.PROPOSED)}.get(
            case, ("result", AchievementResult.PARTICIPANT)
        )
        Achievement.objects.filter(pk=gifted.prize.pk).update(**dict([field]))
    elif case == "foreign":
        overrides["achievement"] = AchievementFactory()
    elif case == "mandatory":
        overrides["subject"] = gifted.russian
    elif case == "chosen":
        overrides["subject"] = gifted.chemistry
    elif case == "outside":
        overrides["subject"] = gifted.astronomy
    elif case == "value":
        overrides["value"] = "2"
    else:
        overrides["reference"] = "   "

    with pytest.raises(ValidationError) as refused:
        record(gifted, **overrides)

    assert refused.value.messages == [message]
    assert nothing_written() == (0, 0)


def test_gifted_credit_record_by_teacher_refused(gifted):
    teacher = StaffFactory().user

    with pytest.raises(PermissionDenied):
        record(gifted, actor=teacher)

    assert nothing_written() == (0, 0)


def test_gifted_credit_withdraw_clears_achievement(gifted):
    mark = record(gifted)

    credits.credited_mark_withdraw(mark=mark, reason="Ошибка в решении", actor=gifted.deputy)

    mark.refresh_from_db()
    assert (mark.value, mark.origin, mark.credit_achievement, mark.credit_note) == (
        "",
        MarkOrigin.SCHOOL,
        None,
        "",
    )


# Pages ---------------------------------------------------------------------------------


def page(gifted):
    return reverse("gifted_credit", args=[gifted.learner.pk])


def form_data(gifted, **overrides):
    return {
        "achievement": gifted.prize.pk,
        "subject": gifted.biology.pk,
        "period": gifted.period.pk,
        "value": "5",
        "reference": REFERENCE,
    } | overrides


def test_gifted_credit_page_offers_only_creditable_subjects(client, gifted):
    client.force_login(gifted.deputy)

    response = client.get(page(gifted))

    assert response.status_code == 200
    subjects = [label for _, label in response.context["form"].fields["subject"].choices][1:]
    assert subjects == ["Биология"]
    periods = [label for _, label in response.context["form"].fields["period"].choices]
    assert periods == ["1-я четверть", "Учебный год (годовая отметка)"]


def test_gifted_credit_page_post_records_and_redirects(client, gifted):
    client.force_login(gifted.deputy)

    response = client.post(page(gifted), form_data(gifted), follow=True)

    assert response.redirect_chain == [(page(gifted), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Зачтено: Биология, 1-я четверть — 5."
    ]
    mark = PeriodMark.objects.get()
    assert (mark.value, mark.credit_achievement) == ("5", gifted.prize)
    assert "Региональная олимпиада по биологии" in response.content.decode()


def test_gifted_credit_page_bad_input_says_why_writes_nothing(client, gifted):
    client.force_login(gifted.deputy)

    subject_refused = client.post(page(gifted), form_data(gifted, subject=gifted.russian.pk))
    no_reference = client.post(page(gifted), form_data(gifted, reference=""))

    assert subject_refused.status_code == 400
    assert subject_refused.context["form"].errors == {"subject": ["Выберите предмет из списка."]}
    assert no_reference.context["form"].errors == {
        "reference": ["Укажите основание: решение или приказ."]
    }
    assert nothing_written() == (0, 0)


def test_gifted_credit_page_unpassing_value_refused_writes_nothing(client, gifted):
    client.force_login(gifted.deputy)

    response = client.post(page(gifted), form_data(gifted, value="2"))

    assert response.status_code == 400
    assert response.context["form"].errors == {"value": ["Выберите отметку из списка."]}
    assert nothing_written() == (0, 0)


def test_gifted_credit_page_director_reads_without_form(client, gifted):
    record(gifted)
    director = StaffFactory(user=UserFactory(roles=[Role.DIRECTOR])).user
    client.force_login(director)

    read = client.get(page(gifted))
    posted = client.post(page(gifted), form_data(gifted))

    assert (read.status_code, read.context["form"], posted.status_code) == (200, None, 403)
    assert [m.value for m in read.context["credits"]] == ["5"]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.CLASS_TEACHER, Role.PARENT, Role.CLERK])
def test_gifted_credit_page_other_roles_refused(client, gifted, role):
    client.force_login(UserFactory(roles=[role]))

    assert client.get(page(gifted)).status_code == 403
    assert client.get(reverse("gifted_registered")).status_code == 403


def test_gifted_registered_lists_register_with_counts(client, gifted):
    record(gifted)
    LearnerFactory(last_name="Борисов", is_gifted_registered=False)
    client.force_login(gifted.deputy)

    response = client.get(reverse("gifted_registered"))

    assert [
        (learner.full_name, name, count) for learner, name, count in response.context["rows"]
    ] == [("Андреева Анна Павловна", "7А", 1)]


def test_gifted_registered_queries_constant_in_rows(client, gifted):
    client.force_login(gifted.deputy)
    client.get(reverse("gifted_registered"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("gifted_registered"))
    for _ in range(5):
        EnrollmentFactory(learner=LearnerFactory(is_gifted_registered=True), group=gifted.group)
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("gifted_registered"))

    assert len(six.captured_queries) == len(one.captured_queries)
