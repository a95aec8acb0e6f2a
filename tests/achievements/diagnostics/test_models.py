"""The database keeps one level per learner × period × group of УУД, from the scale."""

import pytest
from django.core.exceptions import ValidationError

from tests.achievements.diagnostics.helpers import result

pytestmark = pytest.mark.django_db


def test_second_level_same_learner_period_kind_refused_in_russian(journal):
    first = result(journal)
    second = type(first)(
        learner=journal.learner, period=journal.period, group=journal.group,
        kind="personal", level="high", updated_by=journal.teacher_user,
    )  # fmt: skip

    with pytest.raises(ValidationError) as refused:
        second.validate_constraints()

    assert refused.value.messages == ["Уровень этой группы УУД за этот период уже записан."]


def test_level_outside_scale_refused_in_russian(journal):
    row = result(journal)
    row.level = "5"

    with pytest.raises(ValidationError) as refused:
        row.validate_constraints()

    assert refused.value.messages == ["Уровень — высокий, средний или низкий."]


def test_result_text_names_kind_and_level(journal):
    row = result(journal, kind="cognitive", level="low")

    assert str(row) == f"{journal.learner}: Познавательные — Низкий"
