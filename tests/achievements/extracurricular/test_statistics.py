"""Extracurricular courses are recorded but not counted as learning results (000 §3.2.1
vs §3.2.2): the class statistics (progress, quality, mean), the attention list and the
rewards' reads of results leave them out. Exact figures with and without a course."""

from datetime import date
from decimal import Decimal

import pytest

from achievements.models import MarkKind, PeriodMark
from achievements.selectors.results import attestation_results, curriculum_subjects
from achievements.statistics.attention import FAILING, FEW_MARKS, attention_list
from achievements.statistics.core import group_statistics, scope_of
from tests.achievements.factories import JournalCellFactory, PeriodMarkFactory

pytestmark = pytest.mark.django_db


def period_mark(journal, learner, subject, value, **fields):
    return PeriodMarkFactory(
        learner=learner, subject=subject, period=journal.period, value=value, **fields
    )


@pytest.fixture
def attested(journal, talks, chess):
    """Антонова: Математика 5, «незач» and «Н» in the courses; Борисов: Математика 4,
    «зач» and «В»."""
    period_mark(journal, journal.learner, journal.subject, "5")
    period_mark(journal, journal.classmate, journal.subject, "4")
    period_mark(journal, journal.learner, talks.subject, "незач")
    period_mark(journal, journal.classmate, talks.subject, "зач")
    period_mark(journal, journal.learner, chess.subject, "Н")
    period_mark(journal, journal.classmate, chess.subject, "В")
    return journal


def statistics(journal):
    [stats] = group_statistics(
        scope=scope_of(year=journal.year, period=journal.period), groups=[journal.group]
    )
    return stats


def test_statistics_exclude_course_results(attested):
    stats = statistics(attested)

    t = stats.totals
    assert (t.learners, t.attested, t.passing, t.quality, t.behind) == (2, 2, 2, 2, 0)
    assert (t.progress_percent, t.quality_percent) == (Decimal("100.0"), Decimal("100.0"))
    assert (t.numeric_sum, t.numeric_count, t.mean) == (9, 2, Decimal("4.50"))
    assert [s.name for s in stats.subjects] == ["Математика"]
    assert [o.failing_subjects for o in stats.learners] == [(), ()]


def test_statistics_count_a_failing_subject_as_before(attested):
    PeriodMark.objects.filter(learner=attested.learner, subject=attested.subject).update(value="2")

    t = statistics(attested).totals

    assert (t.attested, t.passing, t.behind) == (2, 1, 1)
    assert t.progress_percent == Decimal("50.0")
    assert (t.numeric_sum, t.mean) == (6, Decimal("3.00"))


def test_statistics_learner_with_only_course_results_not_attested(journal, talks):
    period_mark(journal, journal.learner, talks.subject, "зач")

    t = statistics(journal).totals

    assert (t.learners, t.attested, t.passing) == (2, 0, 0)
    assert t.progress_percent is None


def test_attention_list_ignores_courses(journal, talks):
    for value, learner in (("5", journal.learner), ("4", journal.classmate)):
        JournalCellFactory(lesson=journal.lesson, learner=learner, marks=value)
    period_mark(journal, journal.learner, talks.subject, "незач")

    result = attention_list(groups=[journal.group], period=journal.period, today=date(2026, 10, 25))

    details = {
        row.name.split()[0]: [(r.code, r.detail) for r in row.reasons] for row in result.rows
    }
    assert details == {
        "Антонова": [(FEW_MARKS, "Математика — 1 из 3")],
        "Борисов": [(FEW_MARKS, "Математика — 1 из 3")],
    }
    assert FAILING not in {code for reasons in details.values() for code, _ in reasons}


def test_rewards_reads_leave_courses_out(journal, talks):
    PeriodMarkFactory(
        learner=journal.learner, subject=journal.subject, kind=MarkKind.YEAR,
        period=None, year=journal.year, value="5",
    )  # fmt: skip
    PeriodMarkFactory(
        learner=journal.learner, subject=talks.subject, kind=MarkKind.YEAR,
        period=None, year=journal.year, value="незач",
    )  # fmt: skip

    results = attestation_results(learner_ids=[journal.learner.pk], year=journal.year)
    offered = curriculum_subjects([(journal.group.programme_id, journal.group.grade)])

    assert [(r["subject_name"], r["value"], r["passing"]) for r in results] == [
        ("Математика", "5", True)
    ]
    assert offered == {
        (journal.group.programme_id, journal.group.grade): [(journal.subject.pk, "Математика")]
    }
