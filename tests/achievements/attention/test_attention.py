"""Learners who need attention and the leaders (issue 14 item 3): exact reasons for
learners built for each, the leaders' order, who may open the page, bad input, and a
query count that does not grow with the class."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achievements.models import JournalCell
from achievements.statistics.attention import (
    ABSENCES,
    FAILING,
    FALLING,
    FEW_MARKS,
    attention_list,
    marks_needed_by,
)
from achievements.statistics.attention_scope import attention_counts
from learners.models import Role
from tests.achievements.attention.school import Q3_END, scenario

pytestmark = pytest.mark.django_db

URL = "/statistics/attention/"


@pytest.fixture
def s():
    return scenario()


def _rows(result):
    return {row.name.split()[0]: row for row in result.rows}


def test_attention_list_reasons_exact(s):
    result = attention_list(groups=[s.group], period=s.q3, today=Q3_END)
    rows = _rows(result)
    assert result.learners == 7
    assert list(rows) == ["Антонова", "Борисов", "Волкова", "Григорьев", "Дмитриев"]
    assert {name: row.codes for name, row in rows.items()} == {
        "Антонова": [FALLING],
        "Борисов": [ABSENCES],
        "Волкова": [FEW_MARKS],
        "Григорьев": [FAILING],
        "Дмитриев": [FAILING],
    }
    assert [str(r) for r in rows["Антонова"].reasons] == [
        "средний балл снижается два периода подряд: 4,40 → 4,00 → 3,63"
    ]
    assert [str(r) for r in rows["Борисов"].reasons] == [
        "много пропусков: 12 из 40 уроков (30,0 %)"
    ]
    assert [str(r) for r in rows["Волкова"].reasons] == [
        "мало отметок для аттестации: Физика — 1 из 3"
    ]
    assert [str(r) for r in rows["Григорьев"].reasons] == ["есть «2» или «н/а»: Математика — «2»"]
    assert [str(r) for r in rows["Дмитриев"].reasons] == [
        "есть «2» или «н/а»: Физика — по текущим отметкам «2», средний 2,33"
    ]


def test_attention_list_absences_below_threshold_not_listed(s):
    # One absence fewer: 11 of 40 is 27,5 %, under the 30 % threshold.
    JournalCell.objects.filter(learner=s.learners["Борисов"], attendance="уп").delete()
    rows = _rows(attention_list(groups=[s.group], period=s.q3, today=Q3_END))
    assert "Борисов" not in rows


def test_attention_list_lessons_not_yet_held_not_counted(s):
    # Seen on 21.01.2027: 10 lessons of Математика and 10 of Физика held, Борисов
    # absent from none of them yet; nine days into the quarter Волкова's one mark of
    # Физика is on track, so she is not listed yet.
    result = attention_list(groups=[s.group], period=s.q3, today=date(2027, 1, 21))
    rows = _rows(result)
    assert "Борисов" not in rows
    assert "Волкова" not in rows


def test_attention_list_few_marks_listed_two_weeks_before_the_end(s):
    rows = _rows(attention_list(groups=[s.group], period=s.q3, today=date(2027, 3, 8)))
    assert rows["Волкова"].codes == [FEW_MARKS]


@pytest.mark.parametrize(
    ("today", "needed"),
    [
        (date(2027, 1, 12), 0),  # the quarter's first day
        (date(2027, 2, 4), 1),  # 23 of its 69 days: a third
        (date(2027, 3, 7), 2),  # 54 days
        (date(2027, 3, 8), 3),  # 14 days before its end: the whole minimum
        (date(2027, 4, 1), 3),  # after it
    ],
)
def test_marks_needed_by_pace_of_the_period(s, today, needed):
    assert marks_needed_by(s.q3, today, 3) == needed


def test_attention_list_leaders_order(s):
    result = attention_list(groups=[s.group], period=s.q3, today=Q3_END)
    assert [(leader.name.split()[0], str(leader.mean)) for leader in result.leaders] == [
        ("Борисов", "5.00"),
        ("Волкова", "5.00"),
        ("Егорова", "5.00"),
        ("Жукова", "4.00"),
        ("Антонова", "3.63"),
        ("Дмитриев", "3.17"),
        ("Григорьев", "2.67"),
    ]


def test_attention_list_leaders_per_group_three_each(s):
    result = attention_list(
        groups=[s.group, s.other_group], period=s.q3, today=Q3_END, leaders_per_group=True
    )
    assert [(leader.group_name, leader.name.split()[0]) for leader in result.leaders] == [
        ("5А", "Борисов"),
        ("5А", "Волкова"),
        ("5А", "Егорова"),
        ("5Б", "Зайцев"),
    ]


def test_attention_counts_by_group(s):
    deputy = s.school.official(Role.DEPUTY)
    assert attention_counts(user=deputy, year=s.school.year, period=s.q3, today=Q3_END) == {
        s.group.pk: 5,
        s.other_group.pk: 1,
    }
    class_teacher = s.group.class_teacher.user
    assert attention_counts(user=class_teacher, year=s.school.year, period=s.q3, today=Q3_END) == {
        s.group.pk: 5
    }
    teacher = s.school.subject_teacher(s.group, s.math)
    assert attention_counts(user=teacher.user, year=s.school.year, period=s.q3, today=Q3_END) == {}


def _count(groups, period):
    with CaptureQueriesContext(connection) as captured:
        attention_list(groups=groups, period=period, today=Q3_END)
    return len(captured)


def test_attention_list_query_count_constant(s):
    small = _count([s.group, s.other_group], s.q3)
    for n in range(6):
        learner = s.school.learner(s.other_group, f"Новиков{n}", started_on=date(2026, 9, 1))
        JournalCell.objects.bulk_create(
            JournalCell(
                lesson=lesson, learner=learner, marks="3/4", attendance="", updated_by=s.author
            )
            for lesson in s.lessons_5b[(s.q3.pk, s.math.pk)][:6]
        )
        JournalCell.objects.bulk_create(
            JournalCell(lesson=lesson, learner=learner, attendance="н", updated_by=s.author)
            for lesson in s.lessons_5b[(s.q3.pk, s.physics.pk)][:8]
        )
    large = _count([s.group, s.other_group], s.q3)
    # The year's periods, the attestation rule, the roster, absences, the sums of marks
    # by period and by subject, subjects taught, period marks, exemptions.
    assert small == large == 9


def _get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_attention_page_class_teacher_sees_only_own_class(client, s):
    response = _get(client, s.group.class_teacher.user, period=s.q3.pk)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Григорьев" in text
    assert "Математика — «2»" in text
    assert "Антонова" in text
    assert "Зайцев" not in text
    assert f'href="/diary/{s.learners["Григорьев"].pk}/"' in text


def test_attention_page_deputy_sees_every_class_and_filters(client, s):
    deputy = s.school.official(Role.DEPUTY)
    text = _get(client, deputy, period=s.q3.pk).content.decode()
    assert "Зайцев" in text and "Григорьев" in text
    text = _get(client, deputy, period=s.q3.pk, group=s.other_group.pk).content.decode()
    assert "Зайцев" in text and "Григорьев" not in text
    assert "Физика — «н/а»" in text


def test_attention_page_director_allowed(client, s):
    assert _get(client, s.school.official(Role.DIRECTOR)).status_code == 200


@pytest.mark.parametrize("role", [Role.TEACHER, Role.PARENT, Role.CLERK, Role.LEARNER])
def test_attention_page_other_roles_forbidden(client, s, role):
    assert _get(client, s.school.user(role)).status_code == 403


def test_attention_page_subject_teacher_forbidden(client, s):
    teacher = s.school.subject_teacher(s.group, s.math)
    assert _get(client, teacher.user).status_code == 403


@pytest.mark.parametrize("value", ["abc", "0", "99999999999999999999", "١٢", "-1"])
def test_attention_page_bad_group_message(client, s, value):
    deputy = s.school.official(Role.DEPUTY)
    response = _get(client, deputy, period=s.q3.pk, group=value)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Нет такого класса среди ваших: показаны все классы." in text
    assert "Зайцев" in text and "Григорьев" in text


def test_attention_page_foreign_group_for_class_teacher_message(client, s):
    response = _get(client, s.group.class_teacher.user, period=s.q3.pk, group=s.other_group.pk)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Нет такого класса среди ваших" in text
    assert "Зайцев" not in text


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "0"])
def test_attention_page_bad_period_message(client, s, value):
    response = _get(client, s.school.official(Role.DEPUTY), period=value)
    assert response.status_code == 200
    assert "Нет такого периода в текущем учебном году" in response.content.decode()


def test_attention_page_query_count_constant(client, s):
    deputy = s.school.official(Role.DEPUTY)
    client.force_login(deputy)
    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"period": s.q3.pk})
    for n in range(5):
        learner = s.school.learner(s.group, f"Новиков{n}", started_on=date(2026, 9, 1))
        s.marks(learner, s.q3, s.math, "2", "3", "2")
    with CaptureQueriesContext(connection) as large:
        client.get(URL, {"period": s.q3.pk})
    assert len(small) == len(large)
