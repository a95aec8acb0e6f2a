"""The statistics of a class and of the organisation (achievements.statistics.core), by
the rules of achievements.statistics.rules, on small built classes with exact figures."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achievements.statistics.core import (
    group_statistics,
    organisation_statistics,
    previous_scope,
    scope_of,
)
from learners.models import ProgrammeLevel
from tests.achievements.factories import ExemptionFactory
from tests.achievements.statistics.built import mark
from tests.factories import ProgrammeFactory
from tests.schools import SchoolBuilder

pytestmark = pytest.mark.django_db


def test_group_statistics_counts_learners_by_the_rules(built):
    [stats] = group_statistics(
        scope=scope_of(year=built.year, period=built.q1), groups=[built.group]
    )
    t = stats.totals
    assert (t.learners, t.attested, t.passing, t.quality) == (7, 6, 5, 4)
    assert (t.excellent, t.one_four, t.one_three, t.behind) == (1, 2, 1, 1)
    assert t.progress_percent == Decimal("83.3")
    assert t.quality_percent == Decimal("66.7")
    assert (t.numeric_sum, t.numeric_count, t.mean) == (70, 16, Decimal("4.38"))
    assert [o.name.split()[0] for o in stats.learners] == [
        "Антонова", "Борисов", "Волков", "Григорьева", "Дмитриев", "Егорова", "Жуков",
    ]  # fmt: skip
    [behind] = stats.behind_learners
    assert behind.name.startswith("Григорьева")
    assert behind.failing_subjects == ("Математика", "Русский язык")
    assert (behind.twos, behind.not_attested, behind.mean) == (1, 1, Decimal("3.50"))
    by_name = {o.name.split()[0]: o for o in stats.learners}
    assert [n for n, o in by_name.items() if o.one_four] == ["Борисов", "Дмитриев"]
    assert [n for n, o in by_name.items() if o.excellent] == ["Антонова"]
    assert [n for n, o in by_name.items() if o.one_three] == ["Волков"]
    assert by_name["Дмитриев"].marks == 2
    assert by_name["Жуков"].marks == 0 and not by_name["Жуков"].passing
    assert stats.level == ProgrammeLevel.BASIC and stats.level_label == "ООО"


def test_group_statistics_subjects_count_exempt_and_credited(built):
    [stats] = group_statistics(
        scope=scope_of(year=built.year, period=built.q1), groups=[built.group]
    )
    maths, russian, sport = stats.subjects
    assert [s.name for s in stats.subjects] == ["Математика", "Русский язык", "Физкультура"]
    assert maths.counts == {"5": 2, "4": 2, "3": 1, "2": 0, "н/а": 1}
    assert (maths.attested, maths.passing, maths.quality, maths.exempt, maths.credited) == (
        6, 5, 4, 0, 0,
    )  # fmt: skip
    assert (maths.mean, maths.progress_percent, maths.quality_percent) == (
        Decimal("4.20"), Decimal("83.3"), Decimal("66.7"),
    )  # fmt: skip
    assert russian.counts == {"5": 2, "4": 3, "3": 0, "2": 1, "н/а": 0}
    assert (russian.attested, russian.passing, russian.quality, russian.credited) == (6, 5, 5, 1)
    assert (russian.mean, russian.quality_percent) == (Decimal("4.00"), Decimal("83.3"))
    # Дмитриев exempt without a mark is not counted; Егорова's credited «5» is.
    assert sport.counts == {"5": 5, "4": 0, "3": 0, "2": 0, "н/а": 0}
    assert (sport.attested, sport.exempt, sport.credited) == (5, 1, 1)
    assert (sport.mean, sport.progress_percent) == (Decimal("5.00"), Decimal("100.0"))


def test_learner_with_pass_codes_only_passes_with_quality(built):
    learner = built.school.learner(built.group, "Зуева")
    mark(learner, built.subjects[2], "зач", period=built.q1)
    mark(learner, built.subjects[0], "5", period=built.q1)
    [stats] = group_statistics(
        scope=scope_of(year=built.year, period=built.q1), groups=[built.group]
    )
    zueva = next(o for o in stats.learners if o.name.startswith("Зуева"))
    assert (zueva.passing, zueva.quality, zueva.excellent, zueva.mean) == (
        True, True, True, Decimal("5.00"),
    )  # fmt: skip
    assert stats.subject(built.subjects[2].pk).quality == 5  # «зач» is no quality mark


def test_learner_who_left_counts_where_they_were_and_moved_counts_once(built):
    school, q1 = built.school, built.q1
    other = school.group("5Б", programme=built.basic, grade=5)
    left = school.learner(built.group, "Яковлев", ended_on=date(2026, 10, 1))
    mark(left, built.subjects[0], "2", period=q1)
    moved = school.learner(built.group, "Юдин", ended_on=date(2026, 9, 30))
    school.enroll(moved, other, started_on=date(2026, 10, 1))
    mark(moved, built.subjects[0], "4", period=q1)
    a, b = group_statistics(scope=scope_of(year=built.year, period=q1), groups=[built.group, other])
    assert [o.name.split()[0] for o in a.learners][-1] == "Яковлев"
    assert a.totals.learners == 8 and a.totals.behind == 2
    assert [o.name.split()[0] for o in b.learners] == ["Юдин"]
    # Asked for 5А alone, Юдин still counts in 5Б, not in 5А.
    [alone] = group_statistics(scope=scope_of(year=built.year, period=q1), groups=[built.group])
    assert "Юдин" not in [o.name.split()[0] for o in alone.learners]


def test_previous_scope_and_comparison(built):
    q2 = scope_of(year=built.year, period=built.q2)
    previous = previous_scope(q2)
    assert previous.period == built.q1 and previous.label == "1-я четверть 2026/2027"
    assert previous_scope(previous) is None
    assert q2.kind == "period" and q2.label == "2-я четверть 2026/2027"
    year = scope_of(year=built.year)
    assert (year.kind, year.label) == ("year", "2026/2027 учебный год")
    assert previous_scope(year) is None
    for learner in built.learners.values():
        mark(learner, built.subjects[0], "5", period=built.q2)
    now = organisation_statistics(scope=q2).totals
    before = organisation_statistics(scope=previous).totals
    assert (now.progress_percent, before.progress_percent) == (Decimal("100.0"), Decimal("83.3"))
    assert now.quality_percent - before.quality_percent == Decimal("33.3")


def test_previous_scope_crosses_years():
    school = SchoolBuilder(name="2025/2026", starts_on=date(2025, 9, 1), ends_on=date(2026, 5, 31))
    last = school.period(number=4, starts_on=date(2026, 4, 1), ends_on=date(2026, 5, 31))
    later = SchoolBuilder()
    first = later.period()
    previous = previous_scope(scope_of(year=later.year, period=first))
    assert (previous.year, previous.period) == (school.year, last)
    assert previous_scope(scope_of(year=later.year)).year == school.year


def test_organisation_by_level_parallel_and_subjects(built):
    school, q1 = built.school, built.q1
    maths = built.subjects[0]
    other5 = school.group("5Б", programme=built.basic, grade=5)
    five_b = school.learner(other5, "Белова")
    mark(five_b, maths, "2", period=q1)
    primary = ProgrammeFactory(level=ProgrammeLevel.PRIMARY, first_grade=1, last_grade=4)
    two = school.group("2А", programme=primary, grade=2)
    pupil = school.learner(two, "Малышева")
    mark(pupil, maths, "5", period=q1)
    club = ProgrammeFactory(level=ProgrammeLevel.ADDITIONAL_DEVELOPING)
    school.learner(school.group("Кружок", programme=club, grade=1), "Кружкова")
    stats = organisation_statistics(scope=scope_of(year=built.year, period=q1))
    assert [g.name for g in stats.groups] == ["2А", "5А", "5Б"]
    assert [(level, label) for level, label, _ in stats.by_level] == [
        ("noo", "НОО"),
        ("ooo", "ООО"),
    ]
    noo, ooo = (t for _, _, t in stats.by_level)
    assert (noo.learners, noo.attested, noo.passing, noo.excellent) == (1, 1, 1, 1)
    assert (ooo.learners, ooo.attested, ooo.passing, ooo.behind) == (8, 7, 5, 2)
    assert ooo.progress_percent == Decimal("71.4")
    assert [(grade, [g.name for g in groups]) for grade, _, groups in stats.by_grade] == [
        (2, ["2А"]), (5, ["5А", "5Б"]),
    ]  # fmt: skip
    assert stats.by_grade[1][1] == ooo
    t = stats.totals
    assert (t.learners, t.attested, t.passing, t.quality) == (9, 8, 6, 5)
    assert (t.progress_percent, t.quality_percent) == (Decimal("75.0"), Decimal("62.5"))
    whole_maths = stats.subjects[0]
    assert whole_maths.name == "Математика"
    assert whole_maths.counts == {"5": 3, "4": 2, "3": 1, "2": 1, "н/а": 1}
    assert (whole_maths.attested, whole_maths.mean) == (8, Decimal("4.00"))
    assert [(g.name, o.name.split()[0]) for g, o in stats.behind_learners] == [
        ("5А", "Григорьева"), ("5Б", "Белова"),
    ]  # fmt: skip


def test_year_scope_counts_year_marks_only(built):
    maths = built.subjects[0]
    for name, value in (("Антонова", "5"), ("Борисов", "2")):
        mark(built.learners[name], maths, value, year=built.year)
    stats = organisation_statistics(scope=scope_of(year=built.year))
    t = stats.totals
    assert (t.learners, t.attested, t.passing, t.excellent, t.behind) == (7, 2, 1, 1, 1)
    assert t.progress_percent == Decimal("50.0")
    assert stats.subjects[0].counts == {"5": 1, "4": 0, "3": 0, "2": 1, "н/а": 0}


def _grow(school, programme, classes: int, learners: int, period, subjects):
    for c in range(classes):
        group = school.group(f"6-{c}", programme=programme, grade=6)
        for n in range(learners):
            learner = school.learner(group, f"Рост{c}-{n}")
            for subject in subjects:
                mark(learner, subject, "4", period=period)
        ExemptionFactory(learner=learner, subject=subjects[0])


def test_query_count_constant_in_classes_learners_and_marks(built):
    scope = scope_of(year=built.year, period=built.q1)
    with CaptureQueriesContext(connection) as few:
        organisation_statistics(scope=scope)
    _grow(built.school, built.basic, 3, 6, built.q1, built.subjects)
    with CaptureQueriesContext(connection) as many:
        stats = organisation_statistics(scope=scope)
    assert stats.totals.learners == 7 + 18
    assert len(few) == len(many) == 4
    with CaptureQueriesContext(connection) as one:
        group_statistics(scope=scope, groups=[built.group])
    assert len(one) == 4
