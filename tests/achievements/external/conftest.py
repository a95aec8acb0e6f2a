"""A ВПР in mathematics for 5th forms (journal fixture: 5А Математика, Антонова and
Борисов): maximum 10 over three tasks (3, 3, 4), thresholds «3» from 4, «4» from 6,
«5» from 8."""

from datetime import date

import pytest

from achievements.models import ExternalAssessment, ExternalKind
from learners.models import Role
from tests.factories import UserFactory


@pytest.fixture
def vpr(journal):
    return ExternalAssessment.objects.create(
        kind=ExternalKind.VPR,
        title="ВПР по математике, 5 класс",
        subject=journal.subject,
        grade=5,
        year=journal.year,
        held_on=date(2026, 10, 1),
        max_score=10,
        task_count=3,
        task_max=[3, 3, 4],
        thresholds=[[0, "2"], [4, "3"], [6, "4"], [8, "5"]],
        created_by=UserFactory(roles=[Role.DEPUTY]),
    )
