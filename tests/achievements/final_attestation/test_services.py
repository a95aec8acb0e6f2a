"""The services of the final attestation: forming a commission and saving results,
with exact values and history rows; bad input refused in Russian, nothing changed."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from achievements.final_attestation.selectors import passed_result, results_grid
from achievements.final_attestation.services import ResultsRefused, RowInput, results_save
from achievements.models import (
    AttestationCommission,
    CommissionMember,
    FinalAttestationChange,
    FinalAttestationResult,
)
from learners.models import GradingScale


def row(learner, *, version=0, **values):
    fields = {"form": "", "work_topic": "", "work_mark": "", "final_mark": "", "qualification": ""}
    fields.update(values)
    return RowInput(learner_id=learner.pk, version=version, **fields)


def test_commission_save_records_chair_and_members(training):
    commission = training.commission()
    assert commission.chair_name == "Сидоров Пётр Николаевич"
    assert commission.version == 1
    assert list(commission.members.values_list("order", "full_name", "position")) == [
        (1, "Кузнецова Ольга Викторовна", "преподаватель"),
        (2, "Лебедев Андрей Сергеевич", "методист"),
    ]


def test_commission_save_with_one_member_refused(training):
    with pytest.raises(ValidationError) as error:
        training.commission(members=[("Кузнецова Ольга Викторовна", "преподаватель"), ("", "")])
    assert error.value.messages == [
        "В комиссии, кроме председателя, должно быть не меньше 2 членов (указано: 1)."
    ]
    assert AttestationCommission.objects.count() == 0
    assert CommissionMember.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"chair_name": "  "}, "Укажите ФИО председателя комиссии."),
        ({"order_reference": ""}, "Укажите приказ о составе комиссии (номер, дата)."),
        (
            {"members": [("", "методист"), ("Лебедев А. С.", ""), ("Котов К. К.", "")]},
            "Укажите ФИО члена комиссии № 1: указана только должность.",
        ),
        (
            {"members": [("Котов К. К.", ""), ("котов к. к.", "")]},
            "Один и тот же человек указан в комиссии дважды.",
        ),
    ],
)
def test_commission_save_bad_input_refused(training, fields, message):
    with pytest.raises(ValidationError) as error:
        training.commission(**fields)
    assert error.value.messages == [message]
    assert AttestationCommission.objects.count() == 0


def test_commission_save_far_future_refused(training):
    far = timezone.localdate() + timedelta(days=200)
    with pytest.raises(ValidationError) as error:
        training.commission(held_on=far)
    assert error.value.messages[0].startswith(f"Дата заседания {far:%d.%m.%Y} — больше чем через")


def test_commission_save_for_school_class_refused(training):
    klass = training.school.group("5А")
    with pytest.raises(ValidationError) as error:
        training.commission(group=klass)
    assert "только для учебной группы" in error.value.messages[0]


def test_commission_save_levels_scale_refused(training):
    with pytest.raises(ValidationError) as error:
        training.commission(scale=GradingScale.objects.get(code="levels"))
    assert error.value.messages == ["Выберите шкалу итоговой оценки: пятибалльную или «зачтено»."]


def test_commission_edit_stale_version_refused(training):
    commission = training.commission()
    training.commission(commission=commission, version=1, chair_name="Петров П. П.")
    with pytest.raises(ValidationError) as error:
        training.commission(commission=commission, version=1, chair_name="Иванов И. И.")
    assert "изменил другой пользователь" in error.value.messages[0]
    commission.refresh_from_db()
    assert (commission.chair_name, commission.version) == ("Петров П. П.", 2)


def test_results_grid_shows_module_results_and_admission(training):
    grid = results_grid(training.commission())
    assert [r.learner.last_name for r in grid.rows] == ["Антонова", "Борисов", "Ветрова"]
    assert [[c.value for c in r.modules] for r in grid.rows] == [["5", "4"], ["4", "3"], ["5", ""]]
    assert [r.admitted for r in grid.rows] == [True, True, False]
    assert (
        grid.rows[2].admission_note == "нет результата: Модуль 2. Специальная оценка условий труда"
    )
    assert grid.marks == {"5": True, "4": True, "3": True, "2": False}


def test_results_save_writes_results_and_history(training):
    commission = training.commission()
    count = results_save(
        commission=commission,
        rows=[
            row(
                training.antonova,
                form="защита практической квалификационной работы",
                work_topic="Разработка программы вводного инструктажа по охране труда",
                work_mark="5",
                final_mark="5",
                qualification="",
            ),
            row(training.borisov, work_topic="Оценка профессиональных рисков", work_mark="4"),
            row(training.vetrova),
        ],
        actor=training.deputy,
    )
    assert count == 2
    antonova = FinalAttestationResult.objects.get(learner=training.antonova)
    assert (antonova.work_mark, antonova.final_mark, antonova.version) == ("5", "5", 1)
    assert antonova.updated_by == training.deputy
    history = sorted(
        FinalAttestationChange.objects.filter(result=antonova).values_list(
            "field", "old_value", "new_value", "reason", "changed_by"
        )
    )
    assert history == [
        ("final_mark", "", "5", "", training.deputy.pk),
        ("form", "", "защита практической квалификационной работы", "", training.deputy.pk),
        ("work_mark", "", "5", "", training.deputy.pk),
        (
            "work_topic",
            "",
            "Разработка программы вводного инструктажа по охране труда",
            "",
            training.deputy.pk,
        ),
    ]
    assert FinalAttestationChange.objects.filter(result__learner=training.borisov).count() == 2
    assert not FinalAttestationResult.objects.filter(learner=training.vetrova).exists()
    assert passed_result(training.antonova) == antonova
    assert passed_result(training.borisov) is None


def test_results_change_of_recorded_result_needs_reason(training):
    commission = training.commission()
    results_save(
        commission=commission,
        rows=[row(training.antonova, final_mark="4", work_mark="4")],
        actor=training.deputy,
    )
    with pytest.raises(ResultsRefused) as error:
        results_save(
            commission=commission,
            rows=[row(training.antonova, version=1, final_mark="5", work_mark="4")],
            actor=training.deputy,
        )
    assert error.value.rows[training.antonova.pk] == [
        "Результат уже записан: укажите причину изменения."
    ]
    assert FinalAttestationResult.objects.get(learner=training.antonova).final_mark == "4"
    results_save(
        commission=commission,
        rows=[row(training.antonova, version=1, final_mark="5", work_mark="4")],
        actor=training.deputy,
        reason="Апелляция удовлетворена, протокол № 2",
    )
    result = FinalAttestationResult.objects.get(learner=training.antonova)
    assert (result.final_mark, result.version) == ("5", 2)
    change = FinalAttestationChange.objects.filter(result=result).order_by("-pk").first()
    assert (change.field, change.old_value, change.new_value, change.reason) == (
        "final_mark", "4", "5", "Апелляция удовлетворена, протокол № 2",
    )  # fmt: skip


def test_results_stale_row_refused_naming_learner(training):
    commission = training.commission()
    results_save(
        commission=commission, rows=[row(training.antonova, work_mark="4")], actor=training.deputy
    )
    # Someone opened the page before that save (version 0) and types another mark.
    with pytest.raises(ResultsRefused) as error:
        results_save(
            commission=commission,
            rows=[row(training.antonova, work_mark="5"), row(training.borisov, work_mark="3")],
            actor=training.deputy,
            reason="исправление",
        )
    assert error.value.rows == {
        training.antonova.pk: [
            "Антонова Алина Сергеевна: результат изменил другой пользователь, пока страница "
            "была открыта. Показано то, что записано сейчас; проверьте и сохраните снова."
        ]
    }
    assert error.value.current[training.antonova.pk][1] == 1
    # All or nothing: Борисов's row was not written either.
    assert not FinalAttestationResult.objects.filter(learner=training.borisov).exists()
    assert FinalAttestationResult.objects.get(learner=training.antonova).work_mark == "4"


def test_results_bad_mark_refused_nothing_written(training):
    commission = training.commission()
    with pytest.raises(ResultsRefused) as error:
        results_save(
            commission=commission,
            rows=[row(training.antonova, final_mark="5"), row(training.borisov, work_mark="зач")],
            actor=training.deputy,
        )
    assert error.value.rows == {
        training.borisov.pk: [
            "Оценка за квалификационную работу: «зач» — нет такой оценки в шкале комиссии."
        ]
    }
    assert FinalAttestationResult.objects.count() == 0
    assert FinalAttestationChange.objects.count() == 0


def test_results_positive_mark_for_not_admitted_refused(training):
    commission = training.commission()
    with pytest.raises(ResultsRefused) as error:
        results_save(
            commission=commission,
            rows=[row(training.vetrova, final_mark="4")],
            actor=training.deputy,
        )
    assert error.value.rows[training.vetrova.pk] == [
        "Не допущен к итоговой аттестации: нет результата: Модуль 2. Специальная оценка "
        "условий труда — положительная итоговая оценка невозможна."
    ]
    # A failing mark is a result the commission may record for anyone.
    results_save(
        commission=commission, rows=[row(training.vetrova, final_mark="2")], actor=training.deputy
    )
    assert FinalAttestationResult.objects.get(learner=training.vetrova).final_mark == "2"


def test_results_before_sitting_refused(training):
    commission = training.commission(held_on=timezone.localdate() + timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        results_save(
            commission=commission,
            rows=[row(training.antonova, final_mark="5")],
            actor=training.deputy,
        )
    assert "результаты вносятся после заседания" in error.value.messages[0]


def test_results_for_learner_outside_roster_refused(training):
    commission = training.commission()
    stranger = training.school.learner(training.other_group, "Чужой", started_on=date(2026, 9, 1))
    with pytest.raises(ValidationError) as error:
        results_save(
            commission=commission, rows=[row(stranger, final_mark="5")], actor=training.deputy
        )
    assert "не состоявший в группе" in error.value.messages[0]
    assert FinalAttestationResult.objects.count() == 0
