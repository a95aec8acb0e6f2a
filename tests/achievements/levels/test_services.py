"""Saving levels by stage (R-JRN-14): exact values and history, a changed level needs a
reason, stale versions refuse naming the learner, bad input changes nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from achievements.levels.services import GridRefused, levels_save
from achievements.models import LevelResult, LevelResultChange
from learners.models import Role
from tests.achievements.levels.conftest import association
from tests.achievements.levels.helpers import levels, result, row
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


def save(club, rows, *, actor=None, stage="entry", reason="", subject=None, group=None):
    return levels_save(
        actor=actor or club.teacher_user, group=group or club.group,
        subject=subject or club.subject, stage=stage, rows=rows, reason=reason, today=TODAY,
    )  # fmt: skip


def test_levels_save_new_rows_with_history(club):
    count = save(
        club,
        [row(club.learner, "В", date(2026, 9, 20), "Собрал модель сам"),
         row(club.classmate, "Н", date(2026, 9, 22))],
    )  # fmt: skip

    assert count == 2
    assert levels(club) == {
        "Антонова": ("В", date(2026, 9, 20), 1),
        "Борисов": ("Н", date(2026, 9, 22), 1),
    }
    assert LevelResult.objects.get(learner=club.learner).comment == "Собрал модель сам"
    history = {
        (c.result.learner.last_name, c.old_level, c.new_level, c.old_checked_on, c.new_checked_on)
        for c in LevelResultChange.objects.select_related("result__learner")
    }
    assert history == {
        ("Антонова", "", "В", None, date(2026, 9, 20)),
        ("Борисов", "", "Н", None, date(2026, 9, 22)),
    }
    assert set(LevelResultChange.objects.values_list("changed_by", flat=True)) == {
        club.teacher_user.pk
    }


def test_levels_save_unchanged_rows_not_written(club):
    saved = result(club, level="С")

    count = save(club, [row(club.learner, "С", saved.checked_on, saved=saved), row(club.classmate)])

    assert count == 0
    assert LevelResultChange.objects.count() == 0
    assert LevelResult.objects.get().version == 1


def test_levels_save_change_with_reason(club):
    saved = result(club, level="С")

    count = save(
        club, [row(club.learner, "В", date(2026, 9, 21), saved=saved)], reason="Пересмотр работы"
    )

    assert count == 1
    assert levels(club) == {"Антонова": ("В", date(2026, 9, 21), 2)}
    change = LevelResultChange.objects.get()
    assert (change.old_level, change.new_level, change.reason) == ("С", "В", "Пересмотр работы")
    assert (change.old_checked_on, change.new_checked_on) == (date(2026, 9, 20), date(2026, 9, 21))


def test_levels_save_change_without_reason_refused(club):
    saved = result(club, level="С")

    with pytest.raises(GridRefused) as refused:
        save(club, [row(club.learner, "В", date(2026, 9, 20), saved=saved)])

    assert refused.value.rows == {
        club.learner.pk: "Антонова М.И.: уровень «С» уже записан — чтобы изменить его, "
        "укажите причину изменения."
    }
    assert levels(club) == {"Антонова": ("С", date(2026, 9, 20), 1)}
    assert LevelResultChange.objects.count() == 0


def test_levels_save_clearing_needs_reason_and_keeps_row(club):
    saved = result(club, level="С")

    save(club, [row(club.learner, "", None, saved=saved)], reason="Ошибочно внесён")

    assert levels(club) == {"Антонова": ("", None, 2)}
    change = LevelResultChange.objects.get()
    assert (change.old_level, change.new_level, change.new_checked_on) == ("С", "", None)


def test_levels_save_comment_only_change_needs_no_reason(club):
    saved = result(club, level="С")

    save(club, [row(club.learner, "С", saved.checked_on, "Стал увереннее", saved=saved)])

    found = LevelResult.objects.get()
    assert (found.level, found.comment, found.version) == ("С", "Стал увереннее", 2)


def test_levels_save_stale_version_refused_naming_learner(club):
    saved = result(club, level="С")
    page = LevelResult.objects.get(pk=saved.pk)
    save(club, [row(club.learner, "В", saved.checked_on, saved=saved)], reason="Проверено")

    with pytest.raises(GridRefused) as refused:
        save(club, [row(club.learner, "Н", page.checked_on, saved=page)], reason="Иначе")

    assert refused.value.rows == {
        club.learner.pk: "Антонова М.И.: запись уже изменил другой пользователь "
        "(сейчас — уровень «В»). Проверьте и сохраните снова."
    }
    assert refused.value.current[club.learner.pk].version == 2
    assert levels(club) == {"Антонова": ("В", date(2026, 9, 20), 2)}
    assert LevelResultChange.objects.count() == 1


def test_levels_save_stale_but_same_choice_accepted_silently(club):
    saved = result(club, level="С")
    page = LevelResult.objects.get(pk=saved.pk)
    save(club, [row(club.learner, "В", saved.checked_on, saved=saved)], reason="Проверено")

    count = save(club, [row(club.learner, "В", page.checked_on, saved=page)], reason="Проверено")

    assert count == 0
    assert LevelResultChange.objects.count() == 1


@pytest.mark.parametrize(
    ("level", "day", "message"),
    [
        ("A", date(2026, 9, 20),
         "Антонова М.И.: Выберите уровень из шкалы: В — высокий уровень, "
         "С — средний уровень, Н — низкий уровень."),
        ("5", date(2026, 9, 20),
         "Антонова М.И.: Выберите уровень из шкалы: В — высокий уровень, "
         "С — средний уровень, Н — низкий уровень."),
        ("н/а", date(2026, 9, 20),
         "Антонова М.И.: Выберите уровень из шкалы: В — высокий уровень, "
         "С — средний уровень, Н — низкий уровень."),
        ("В", None, "Антонова М.И.: укажите дату проведения."),
        ("В", date(2026, 8, 31),
         "Антонова М.И.: дата 31.08.2026 вне учебного года (01.09.2026–31.05.2027)."),
        ("В", date(2026, 12, 2), "Антонова М.И.: дата 02.12.2026 ещё не наступила."),
        ("В", date(2026, 9, 10), "Антонова М.И.: 10.09.2026 не числился(ась) в классе."),
    ],
)  # fmt: skip
def test_levels_save_bad_row_refused_nothing_written(club, level, day, message):
    with pytest.raises(GridRefused) as refused:
        save(club, [row(club.learner, level, day), row(club.classmate, "С", date(2026, 9, 20))])

    assert refused.value.rows == {club.learner.pk: message}
    assert LevelResult.objects.count() == 0
    assert LevelResultChange.objects.count() == 0


def test_levels_save_learner_not_in_group_refused(club):
    stranger = club.school.learner(club.form, "Чужой")

    with pytest.raises(GridRefused) as refused:
        save(club, [row(stranger, "В", date(2026, 9, 20))])

    assert refused.value.rows == {stranger.pk: "Этого обучающегося нет в списке класса."}
    assert LevelResult.objects.count() == 0


def test_levels_save_control_character_in_comment_refused(club):
    with pytest.raises(GridRefused) as refused:
        save(club, [row(club.learner, "В", date(2026, 9, 20), "Хорошо\x00")])

    assert refused.value.rows == {
        club.learner.pk: "Антонова М.И.: комментарий содержит недопустимый управляющий символ."
    }
    assert LevelResult.objects.count() == 0


def test_levels_save_bad_stage_refused(club):
    with pytest.raises(ValidationError) as refused:
        save(club, [row(club.learner, "В", date(2026, 9, 20))], stage="yearly")

    assert refused.value.messages == [
        "Такого этапа нет: входная диагностика, промежуточная или итоговая аттестация."
    ]
    assert LevelResult.objects.count() == 0


def test_levels_save_subject_outside_curriculum_refused(club):
    _, chess = association(club.school, "Шахматы-1", "Шахматы")

    with pytest.raises(ValidationError) as refused:
        save(club, [row(club.learner, "В", date(2026, 9, 20))], subject=chess)

    assert refused.value.messages == ["Этого предмета нет в учебном плане программы класса."]


def test_levels_save_general_class_refused(club):
    with pytest.raises(ValidationError) as refused:
        save(club, [row(club.learner, "В", date(2026, 9, 20))], group=club.form)

    assert refused.value.messages == [
        "Уровни по этапам ведутся только в группах дополнительного образования."
    ]


@pytest.mark.parametrize("roles", [[Role.DIRECTOR], [Role.TEACHER], [Role.PARENT]])
def test_levels_save_without_write_access_refused(club, roles):
    with pytest.raises(PermissionDenied):
        save(club, [row(club.learner, "В", date(2026, 9, 20))], actor=UserFactory(roles=roles))

    assert LevelResult.objects.count() == 0


def test_levels_save_deputy_writes(club):
    deputy = UserFactory(roles=[Role.DEPUTY])

    assert save(club, [row(club.learner, "В", date(2026, 9, 20))], actor=deputy) == 1
    assert LevelResultChange.objects.get().changed_by == deputy


def test_levels_save_pass_fail_subject_read_on_levels_scale(club):
    """A subject whose journal marks «зачёт» is diagnosed on the levels scale."""
    group, sport = association(club.school, "Футбол-1", "Футбол", scale="pass-fail")
    teacher = club.school.subject_teacher(group, sport)
    club.school.enroll(club.learner, group, started_on=date(2026, 9, 15))

    with pytest.raises(GridRefused):
        save(club, [row(club.learner, "зач", date(2026, 9, 20))], actor=teacher.user,
             group=group, subject=sport)  # fmt: skip
    count = save(club, [row(club.learner, "Н", date(2026, 9, 20))], actor=teacher.user,
                 group=group, subject=sport)  # fmt: skip

    assert count == 1
    assert LevelResult.objects.get().level == "Н"
