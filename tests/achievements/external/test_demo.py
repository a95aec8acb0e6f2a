"""The demo's external assessment: a ВПР with task scores for a 5th form and a regional
diagnostic in 7А that the demo teacher ``uchitel`` teaches."""

from datetime import date

import pytest

from achievements.external import demo
from achievements.models import ExternalKind, ExternalResult, ExternalResultChange
from learners.models import Role
from tests.schools import SchoolBuilder

pytestmark = pytest.mark.django_db


def test_generate_creates_vpr_with_tasks_and_diagnostic_for_uchitel():
    school = SchoolBuilder(today=date(2026, 11, 20))
    school.official(Role.DEPUTY)
    fifth = school.group("5А", grade=5)
    seventh = school.group("7А", grade=7)
    school.subject_teacher(fifth, "Математика")
    school.subject_teacher(seventh, "Алгебра", username="uchitel")
    for n in range(3):
        school.learner(fifth, f"Ученик{n}")
        school.learner(seventh, f"Семиклассник{n}")

    counts = demo.generate(today=date(2026, 11, 20), seed=17)

    assert counts == {
        "external_assessments": 2, "external_results": 6, "state_exam_results": 0,
    }  # fmt: skip
    vpr = ExternalResult.objects.filter(assessment__kind=ExternalKind.VPR)
    assert vpr.count() == 3
    assert all(len(r.task_scores) == 10 and sum(r.task_scores) == r.score for r in vpr)
    assert ExternalResultChange.objects.count() == 6
