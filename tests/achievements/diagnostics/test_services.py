"""Saving the diagnostics grid (R-JRN-10): only changed cells are written, each with its
history; a bad level, a closed period or a stale cell refuses the save, nothing written."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from achievements.diagnostics.services import CellInput, GridRefused, diagnostics_save
from achievements.models import DiagnosticChange, DiagnosticResult, PeriodClosure, UlaKind
from tests.achievements.diagnostics.helpers import levels, result
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def cell(learner, kind, level, *, was="", version=0):
    return CellInput(learner_id=learner.pk, kind=kind, level=level, was=was, version=version)


def save(journal, cells, actor=None, reason=""):
    return diagnostics_save(
        actor=actor or journal.teacher_user, group=journal.group, period=journal.period,
        cells=cells, reason=reason,
    )  # fmt: skip


def test_save_new_levels_written_with_history(journal):
    count = save(
        journal,
        [cell(journal.learner, "personal", "high"), cell(journal.classmate, "cognitive", "low")],
        reason="наблюдение на уроке",
    )

    assert count == 2
    assert levels(journal.period) == {
        ("Антонова", "personal"): "high",
        ("Борисов", "cognitive"): "low",
    }
    history = DiagnosticChange.objects.order_by("pk")
    assert [
        (h.result.learner.last_name, h.old_level, h.new_level, h.reason, h.changed_by)
        for h in history
    ] == [
        ("Антонова", "", "high", "наблюдение на уроке", journal.teacher_user),
        ("Борисов", "", "low", "наблюдение на уроке", journal.teacher_user),
    ]
    row = DiagnosticResult.objects.get(learner=journal.learner)
    assert (row.group, row.version, row.updated_by) == (journal.group, 1, journal.teacher_user)


def test_save_unchanged_cells_not_written(journal):
    existing = result(journal, level="medium")

    count = save(
        journal,
        [
            cell(journal.learner, "personal", "medium", was="medium", version=1),
            cell(journal.classmate, "personal", "", was="", version=0),
        ],
    )

    assert count == 0
    existing.refresh_from_db()
    assert existing.version == 1
    assert DiagnosticChange.objects.count() == 0
    assert DiagnosticResult.objects.count() == 1


def test_save_change_bumps_version_and_keeps_old_level(journal, people):
    existing = result(journal, level="medium")

    save(
        journal,
        [cell(journal.learner, "personal", "high", was="medium", version=1)],
        actor=people["class_teacher"],
    )

    existing.refresh_from_db()
    assert (existing.level, existing.version, existing.updated_by) == (
        "high", 2, people["class_teacher"],
    )  # fmt: skip
    change = DiagnosticChange.objects.get()
    assert (change.old_level, change.new_level, change.changed_by) == (
        "medium", "high", people["class_teacher"],
    )  # fmt: skip


def test_save_cleared_level_kept_as_empty_with_history(journal):
    existing = result(journal, level="low")

    save(journal, [cell(journal.learner, "personal", "", was="low", version=1)])

    existing.refresh_from_db()
    assert (existing.level, existing.version) == ("", 2)
    assert DiagnosticChange.objects.get().old_level == "low"


def test_save_bad_level_refused_nothing_written(journal):
    with pytest.raises(GridRefused) as refused:
        save(
            journal,
            [cell(journal.learner, "personal", "high"), cell(journal.classmate, "personal", "5")],
        )

    assert refused.value.cells == {
        (
            journal.classmate.pk,
            "personal",
        ): "Выберите уровень из шкалы: высокий, средний или низкий."
    }
    assert DiagnosticResult.objects.count() == 0
    assert DiagnosticChange.objects.count() == 0


def test_save_unknown_kind_refused_nothing_written(journal):
    with pytest.raises(GridRefused) as refused:
        save(journal, [cell(journal.learner, "target", "high")])

    assert refused.value.cells == {
        (journal.learner.pk, "target"): "Такой группы универсальных учебных действий нет."
    }
    assert DiagnosticResult.objects.count() == 0


def test_save_learner_outside_class_refused(journal):
    stranger = LearnerFactory()

    with pytest.raises(GridRefused) as refused:
        save(journal, [cell(stranger, "personal", "high")])

    assert refused.value.cells == {
        (stranger.pk, "personal"): "Этого обучающегося нет в классе в этом периоде."
    }
    assert DiagnosticResult.objects.count() == 0


def test_save_closed_period_refused_nothing_written(journal, people):
    PeriodClosure.objects.create(period=journal.period, group=None, closed_by=people["deputy"])

    with pytest.raises(ValidationError) as refused:
        save(journal, [cell(journal.learner, "personal", "high")], actor=people["deputy"])

    assert refused.value.messages == ["Период закрыт: его диагностика только для чтения."]
    assert DiagnosticResult.objects.count() == 0


def test_save_stale_cell_refused_naming_learner_nothing_written(journal, people):
    existing = result(journal, learner=journal.classmate, kind="cognitive", level="low")
    # Someone else saved «высокий» after the page showed «низкий», version 1.
    existing.level, existing.version = "high", 2
    existing.save()

    with pytest.raises(GridRefused) as refused:
        save(
            journal,
            [
                cell(journal.learner, "personal", "high"),
                cell(journal.classmate, "cognitive", "medium", was="low", version=1),
            ],
        )

    name = journal.classmate.short_name
    assert refused.value.cells == {
        (journal.classmate.pk, "cognitive"): f"{name}: уровень «Познавательные» уже изменил "
        "другой пользователь (сейчас — высокий). Проверьте и сохраните снова."
    }
    assert refused.value.current == {(journal.classmate.pk, "cognitive"): ("high", 2)}
    assert levels(journal.period) == {("Борисов", "cognitive"): "high"}
    assert DiagnosticChange.objects.count() == 0


def test_save_new_cell_filled_by_another_meanwhile_refused(journal):
    result(journal, kind="communicative", level="low")

    with pytest.raises(GridRefused) as refused:
        save(journal, [cell(journal.learner, "communicative", "high", was="", version=0)])

    assert refused.value.current == {(journal.learner.pk, "communicative"): ("low", 1)}
    assert levels(journal.period) == {("Антонова", "communicative"): "low"}


def test_save_same_level_chosen_by_both_not_a_conflict(journal):
    existing = result(journal, level="high", version=2)

    count = save(journal, [cell(journal.learner, "personal", "high", was="low", version=1)])

    assert count == 0
    existing.refresh_from_db()
    assert existing.version == 2


def test_save_by_director_refused(journal, people):
    with pytest.raises(PermissionDenied):
        save(journal, [cell(journal.learner, "personal", "high")], actor=people["director"])

    assert DiagnosticResult.objects.count() == 0


@pytest.mark.parametrize("role", ["deputy", "class_teacher", "teacher"])
def test_save_by_staff_of_class_allowed(journal, people, role):
    assert save(journal, [cell(journal.learner, "reflexive", "low")], actor=people[role]) == 1


def test_save_reason_with_control_character_refused(journal):
    with pytest.raises(ValidationError) as refused:
        save(journal, [cell(journal.learner, "personal", "high")], reason="по\x00ка")

    assert refused.value.messages == [
        "Причина изменения содержит недопустимый управляющий символ: введите её заново."
    ]
    assert DiagnosticResult.objects.count() == 0


def test_kinds_are_the_four_groups_of_the_regulation():
    assert UlaKind.labels == [
        "Личностные", "Рефлексивные (регулятивные)", "Познавательные", "Коммуникативные",
    ]  # fmt: skip
