"""Each kind of bad row, with its exact message, and what a good row plans."""

from datetime import timedelta

import pytest
from django.utils import timezone

from learners.models import Role
from learners.roster.services import roster_check
from tests.factories import GuardianFactory, StaffFactory, UserFactory
from tests.learners.roster.conftest import learner_row, xlsx

pytestmark = pytest.mark.django_db


def errors_of(*rows) -> list[list[str]]:
    plan = roster_check(content=xlsx(list(rows)))
    return [r.errors for r in plan.rows]


def only_error(row) -> str:
    [[error]] = errors_of(row)
    return error


def test_row_missing_last_name_refused(school):
    assert only_error(learner_row(last_name="")) == "Фамилия: не заполнено."


def test_row_missing_first_name_refused(school):
    assert only_error(learner_row(first_name=None)) == "Имя: не заполнено."


def test_row_missing_number_refused(school):
    assert only_error(learner_row(number=" ")) == "Номер личного дела: не заполнено."


def test_row_birth_date_bad_format_refused(school):
    assert only_error(learner_row(birth_date="31.02.2015")) == (
        "Дата рождения: «31.02.2015» — не дата в формате ДД.ММ.ГГГГ."
    )


def test_row_birth_date_in_future_refused(school):
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert only_error(learner_row(birth_date=f"{tomorrow:%d.%m.%Y}")) == (
        f"Дата рождения: {tomorrow:%d.%m.%Y} — в будущем."
    )


def test_row_birth_date_before_1900_refused(school):
    assert only_error(learner_row(birth_date="31.12.1899")) == (
        "Дата рождения: 31.12.1899 — раньше 1900 года."
    )


def test_row_birth_date_younger_than_three_refused(school):
    born = timezone.localdate().replace(year=timezone.localdate().year - 2)
    assert only_error(learner_row(birth_date=born)) == (
        f"Дата рождения: {born:%d.%m.%Y} — обучающемуся меньше 3 лет."
    )


def test_row_birth_date_older_than_hundred_refused(school):
    assert only_error(learner_row(birth_date="02.01.1920")) == (
        "Дата рождения: 02.01.1920 — обучающемуся больше 100 лет."
    )


def test_row_unknown_class_refused(school):
    assert only_error(learner_row(group="5Я")) == (
        f"Класс: «5Я» — такого класса нет в учебном году {school.builder.year}."
    )


def test_row_class_of_another_year_refused(school):
    from tests.factories import AcademicYearFactory, StudyGroupFactory

    old = AcademicYearFactory(name="2020/2021", starts_on="2020-09-01", ends_on="2021-05-31")
    StudyGroupFactory(year=old, name="7В")
    assert only_error(learner_row(group="7В")) == (
        f"Класс: «7В» — такого класса нет в учебном году {school.builder.year}."
    )


def test_row_class_written_in_latin_and_spaces_found(school):
    assert errors_of(learner_row(group=" 5 a ")) == [[]]


def test_row_duplicate_number_refused(school):
    assert errors_of(learner_row(1), learner_row(2, number="ЛД-0001")) == [
        [],
        ["Номер личного дела: «ЛД-0001» уже встречается в строке 2."],
    ]


def test_row_bad_sex_refused(school):
    assert only_error(learner_row(sex="X")) == "Пол: «X» — укажите М или Ж."


def test_row_bad_kinship_refused(school):
    assert only_error(learner_row(p1_kinship="тётя")) == (
        "Кем приходится родитель 1: «тётя» — укажите мать, отец, опекун или иной."
    )


def test_row_parent_without_name_refused(school):
    assert only_error(learner_row(p1_first_name="")) == "Имя родителя 1: не заполнено."


def test_row_bad_email_refused(school):
    assert only_error(learner_row(p1_email="sokolova@")) == (
        "Эл. почта родителя 1: «sokolova@» — неверный адрес."
    )


def test_row_too_long_name_refused(school):
    assert only_error(learner_row(last_name="Я" * 101)) == (
        "Фамилия: не длиннее 100 символов (сейчас 101)."
    )


def test_row_control_character_refused(school):
    # DEL: one XML holds and openpyxl writes, but a document made from the name could not.
    assert only_error(learner_row(first_name="Миха\x7fил")) == (
        "Имя: Текст содержит невидимый управляющий символ (U+007F). Удалите его и сохраните "
        "снова: такие символы попадают в текст при копировании из других программ."
    )


def test_row_started_on_outside_year_refused(school):
    year = school.builder.year
    assert only_error(learner_row(started_on="01.01.2020")) == (
        f"Дата зачисления: 01.01.2020 — вне учебного года {year} "
        f"({year.starts_on:%d.%m.%Y}–{year.ends_on:%d.%m.%Y})."
    )


def test_row_email_of_another_guardian_refused(school):
    GuardianFactory(
        user=UserFactory(email="Sokolova1@example.org", roles=[Role.PARENT]),
        last_name="Петрова",
    )
    assert only_error(learner_row(1)) == (
        "Эл. почта родителя 1: sokolova1@example.org уже принадлежит другому человеку."
    )


def test_row_email_of_staff_with_another_name_refused(school):
    StaffFactory(user=UserFactory(email="sokolova1@example.org"), last_name="Учителева")
    assert only_error(learner_row(1)) == (
        "Эл. почта родителя 1: sokolova1@example.org уже принадлежит другому человеку."
    )


def test_row_email_of_account_without_person_refused(school):
    UserFactory(email="sokolova1@example.org")
    assert only_error(learner_row(1)) == (
        "Эл. почта родителя 1: sokolova1@example.org уже принадлежит другому человеку."
    )


def test_row_email_for_two_people_in_file_refused(school):
    second = learner_row(2, p1_email="SOKOLOVA1@example.org")
    assert errors_of(learner_row(1), second) == [
        [],
        ["Эл. почта родителя 1: sokolova1@example.org в строке 2 указана для другого человека."],
    ]


def test_row_email_for_both_parents_of_row_refused(school):
    row = learner_row(1, p2_last_name="Соколов", p2_first_name="Андрей", p2_kinship="отец",
                      p2_email="sokolova1@example.org")  # fmt: skip
    assert only_error(row) == (
        "Эл. почта родителя 2: sokolova1@example.org в этой же строке указана для другого человека."
    )


def test_row_same_parent_for_siblings_planned_once(school):
    sibling = learner_row(2, p1_first_name="Елена1", p1_email="sokolova1@example.org")
    plan = roster_check(content=xlsx([learner_row(1), sibling]))
    assert [r.action for r in plan.rows] == ["create", "create"]
    assert plan.rows[1].changes == [
        f"Зачисление: в 5А с {school.builder.year.starts_on:%d.%m.%Y}",
        "Родитель 1: Соколова Елена1 Павловна (мать) — тот же, что в строке 2",
    ]


def test_row_several_reasons_all_shown(school):
    [errors] = errors_of(learner_row(sex="?", last_name=""))
    assert errors == ["Фамилия: не заполнено.", "Пол: «?» — укажите М или Ж."]
