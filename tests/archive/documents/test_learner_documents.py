"""The documents about one learner, read back from the issued PDF/A: the certificate
of study, the extract from the class journal and the yearly results, for a school, a
training company and a learner who has left."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pikepdf import pdfa
from pypdf import PdfReader

from archive.documents.content.learner import journal_extract, study_certificate, yearly_results
from archive.documents.services import issue_document
from archive.documents.signoffs import yearly_results_sign
from archive.models import IssuedDocument, RegisterCounter
from learners.models import LearnerStatus
from tests.achievements.factories import JournalCellFactory, LessonFactory, PeriodMarkFactory
from tests.archive.documents.learner_data import CREDIT_SOURCE, build_learner_record
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    StudyPeriodFactory,
    SubjectFactory,
)


def text_of(document: IssuedDocument) -> str:
    with document.file.open("rb") as handle:
        content = handle.read()
    assert pdfa.validate_written(io.BytesIO(content), "2b").passed
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages
    )


def issue(record, kind, **subjects):
    return issue_document(
        kind=kind,
        actor=record.clerk,
        recipient="Титова Татьяна Алексеевна (мать)",
        purpose="для предъявления по месту требования",
        to_family=True,
        learner=record.learner,
        **subjects,
    )


@pytest.mark.django_db
def test_study_certificate_prints_subjects_hours_and_marks_for_a_school():
    record = build_learner_record()
    document = issue(record, "study_certificate")
    text = text_of(document)
    assert document.registration_number == "СО-1"
    assert document.title == "Справка об обучении — Титов М.А."
    assert "Рег. № СО-1" in text
    assert "СПРАВКА ОБ ОБУЧЕНИИ" in text
    assert (
        "Настоящая справка выдана Титову Михаилу Андреевичу, 15.03.2014 года рождения, в том, "
        "что он обучается с 01.09.2025 по настоящее время в образовательной организации"
    ) in text
    assert "класс: 5А, 6А" in text
    assert "Учебный предмет Часов Годовая оценка Итоговая оценка" in text
    assert "2025/2026 учебный год, класс 5А" in text
    assert "1 Математика 170 5 5" in text
    assert "2 Русский язык 204 4* —" in text
    # The current year has no year marks yet: its first quarter's marks, named.
    assert (
        "2026/2027 учебный год, класс 6А (Основная образовательная программа основного общего "
        "образования). Годовые оценки не выставлены; оценки за учебный период: 1-я четверть "
        "№ Учебный предмет Часов по учебному плану на год 1-я четверть 1 Математика 175 4 "
    ) in text
    assert "Всего часов за учебные годы с годовыми оценками: 374." in text
    assert f"Зачтено из другой организации: {CREDIT_SOURCE}; результат там: хорошо" in text
    assert "Директор / Иванова Мария Петровна /" in text
    assert "Справка выдана для предъявления по месту требования." in text


@pytest.mark.django_db
def test_study_certificate_prints_the_purpose_it_was_asked_for():
    record = build_learner_record()
    document = issue_document(
        kind="study_certificate",
        actor=record.clerk,
        recipient="Титова Татьяна Алексеевна (мать)",
        purpose="для предъявления в ДЮСШ № 2",
        to_family=True,
        learner=record.learner,
    )
    assert "Справка выдана для предъявления в ДЮСШ № 2." in text_of(document)


@pytest.mark.django_db
def test_study_certificate_for_a_training_company_names_disciplines():
    record = build_learner_record(kind="training")
    text = text_of(issue(record, "study_certificate"))
    assert "прослушаны дисциплины" in text
    assert "Дисциплина Часов Оценка Итоговая аттестация" in text
    assert "учебная группа 5А" in text
    assert "в организации Муниципальное" in text
    assert "1 Математика 170 5 5" in text


@pytest.mark.django_db
def test_study_certificate_for_a_learner_who_has_left_gives_the_period():
    record = build_learner_record(left=True)
    document = issue(record, "study_certificate")
    text = text_of(document)
    assert document.title == "Справка о периоде обучения — Титов М.А."
    assert "СПРАВКА О ПЕРИОДЕ ОБУЧЕНИЯ" in text
    assert "что он обучался с 01.09.2025 по 31.05.2026" in text
    assert "1 Математика 170 5 5" in text
    assert "Всего часов: 374." in text  # no year without year marks: the plain total


def _newcomer(record, *, left_on=None):
    """Орлова Анна Сергеевна, with us since 01.09.2026 in 6А: only period marks."""
    learner = LearnerFactory(
        last_name="Орлова", first_name="Анна", patronymic="Сергеевна", sex="f",
        birth_date=date(2014, 6, 2), personal_file_number="О-031",
        status=LearnerStatus.EXPELLED if left_on else LearnerStatus.STUDYING,
    )  # fmt: skip
    EnrollmentFactory(
        learner=learner, group=record.group_6, started_on=date(2026, 9, 1), ended_on=left_on
    )
    return learner


def _period_mark(record, learner, subject, period, value, **credit):
    return PeriodMarkFactory(
        learner=learner, subject=subject, period=period, value=value,
        updated_by=record.subject_teacher, **credit,
    )  # fmt: skip


@pytest.mark.django_db
def test_study_certificate_with_only_period_marks_prints_the_period_marks_and_its_name():
    record = build_learner_record()
    learner = _newcomer(record, left_on=date(2026, 11, 20))
    _period_mark(record, learner, record.maths, record.period, "5")
    _period_mark(
        record, learner, record.russian, record.period, "4", origin="credited",
        credit_source="МБОУ «Гимназия № 2» г. Клина", credit_original="хорошо",
    )  # fmt: skip
    document = issue_document(
        kind="study_certificate", actor=record.clerk, recipient="Мать", learner=learner
    )
    text = text_of(document)
    assert document.registration_number == "СО-1"
    assert document.title == "Справка о периоде обучения — Орлова А.С."
    assert (
        "Настоящая справка выдана Орловой Анне Сергеевне, 02.06.2014 года рождения, в том, "
        "что она обучалась с 01.09.2026 по 20.11.2026"
    ) in text
    assert (
        "2026/2027 учебный год, класс 6А (Основная образовательная программа основного общего "
        "образования). Годовые оценки не выставлены; оценки за учебный период: 1-я четверть "
        "№ Учебный предмет Часов по учебному плану на год 1-я четверть "
        "1 Математика 175 5 2 Русский язык 210 4* "
    ) in text
    assert (
        "Русский язык (2026/2027, 1-я четверть): Зачтено из другой организации: "
        "МБОУ «Гимназия № 2» г. Клина; результат там: хорошо"
    ) in text
    assert "Годовая оценка" not in text
    assert "Всего часов" not in text


@pytest.mark.django_db
def test_study_certificate_with_marks_of_two_periods_prints_a_column_for_each():
    record = build_learner_record()
    learner = _newcomer(record)
    second = StudyPeriodFactory(
        year=record.second_year, number=2, starts_on=date(2026, 11, 5),
        ends_on=date(2026, 12, 28),
    )  # fmt: skip
    _period_mark(record, learner, record.maths, second, "4")
    _period_mark(record, learner, record.maths, record.period, "5")
    _period_mark(record, learner, record.russian, record.period, "3")
    text = text_of(issue_document(
        kind="study_certificate", actor=record.clerk, recipient="Мать", learner=learner
    ))  # fmt: skip
    assert "СПРАВКА ОБ ОБУЧЕНИИ" in text
    assert "что она обучается с 01.09.2026 по настоящее время" in text
    assert (
        "Годовые оценки не выставлены; оценки за учебные периоды: 1-я четверть, 2-я четверть "
        "№ Учебный предмет Часов по учебному плану на год 1-я четверть 2-я четверть "
        "1 Математика 175 5 4 2 Русский язык 210 3 — "
    ) in text


@pytest.mark.django_db
def test_study_certificate_for_a_training_company_with_only_period_marks():
    record = build_learner_record(kind="training")
    learner = _newcomer(record)
    _period_mark(record, learner, record.maths, record.period, "5")
    text = text_of(issue_document(
        kind="study_certificate", actor=record.clerk, recipient="Мать", learner=learner
    ))  # fmt: skip
    assert (
        "Итоговые оценки не выставлены; оценки за учебный период: 1-я четверть "
        "№ Дисциплина Часов по учебному плану на год 1-я четверть 1 Математика 175 5"
    ) in text


@pytest.mark.django_db
def test_study_certificate_with_only_empty_period_marks_is_refused():
    record = build_learner_record()
    learner = _newcomer(record)
    _period_mark(record, learner, record.maths, record.period, "")
    with pytest.raises(ValidationError) as error:
        study_certificate(learner=learner)
    assert error.value.messages == [
        "У обучающегося нет отметок: справку об обучении выдать нельзя."
    ]


@pytest.mark.django_db
def test_study_certificate_for_a_woman_uses_feminine_forms():
    record = build_learner_record(left=True)
    learner = record.learner
    learner.last_name, learner.first_name, learner.patronymic, learner.sex = (
        "Шевчук", "Анна", "Петровна", "f",
    )  # fmt: skip
    learner.save()
    text = text_of(issue(record, "study_certificate"))
    assert "выдана Шевчук Анне Петровне" in text
    assert "что она обучалась с 01.09.2025 по 31.05.2026" in text


@pytest.mark.django_db
def test_study_certificate_without_marks_is_refused_and_consumes_no_number():
    record = build_learner_record()
    other = LearnerFactory()
    with pytest.raises(ValidationError) as error:
        issue_document(
            kind="study_certificate", actor=record.clerk, recipient="Мать", learner=other
        )
    assert error.value.messages == [
        "У обучающегося нет отметок: справку об обучении выдать нельзя."
    ]
    assert IssuedDocument.objects.count() == 0
    assert RegisterCounter.objects.count() == 0


@pytest.mark.django_db
def test_study_certificate_without_marks_names_the_listener_in_a_training_company():
    record = build_learner_record(kind="training")
    with pytest.raises(ValidationError) as error:
        issue_document(
            kind="study_certificate", actor=record.clerk, recipient="Мать", learner=LearnerFactory()
        )
    assert error.value.messages == ["У слушателя нет отметок: справку об обучении выдать нельзя."]


@pytest.mark.django_db
def test_journal_extract_prints_current_and_period_marks_of_the_year():
    record = build_learner_record()
    document = issue(record, "journal_extract", academic_year=record.second_year)
    text = text_of(document)
    assert document.registration_number == "ВЖ-1"
    assert "ВЫПИСКА ИЗ КЛАССНОГО ЖУРНАЛА" in text
    assert "за 2026/2027 учебный год" in text
    assert "Выписка дана Титову Михаилу Андреевичу, 15.03.2014 года рождения (класс 6А)" in text
    assert "1-я четверть" in text
    assert "1 Математика 07.09.2026: 4; 14.09.2026: 5/4 4 — —" in text
    assert "2 Русский язык 08.09.2026: 5 — — —" in text


@pytest.mark.django_db
def test_journal_extract_shows_credited_marks_with_their_source():
    record = build_learner_record()
    PeriodMarkFactory(
        learner=record.learner, subject=record.russian, period=record.period, value="5",
        origin="credited", credit_source="ДШИ № 3", credit_original="отлично",
        updated_by=record.subject_teacher,
    )  # fmt: skip
    text = text_of(issue(record, "journal_extract", academic_year=record.second_year))
    assert "2 Русский язык 08.09.2026: 5 5* — —" in text
    assert (
        "Русский язык, 1-я четверть: Зачтено из другой организации: ДШИ № 3; результат там: отлично"
    ) in text


@pytest.mark.django_db
def test_journal_extract_of_a_year_without_marks_is_refused():
    record = build_learner_record(left=True)
    with pytest.raises(ValidationError) as error:
        journal_extract(learner=record.learner, academic_year=record.second_year)
    assert error.value.messages == [
        "У обучающегося нет отметок за 2026/2027 учебный год: выписку из журнала выдать нельзя."
    ]


def _add_subjects(record, count: int):
    for number in range(count):
        subject = SubjectFactory(name=f"Дополнительный предмет {number}")
        lesson = LessonFactory(
            group=record.group_6, subject=subject, date=date(2026, 9, 21), number=number + 1,
            period=record.period,
        )  # fmt: skip
        JournalCellFactory(lesson=lesson, learner=record.learner, updated_by=record.subject_teacher)
        PeriodMarkFactory(
            learner=record.learner, subject=subject, period=record.period,
            updated_by=record.subject_teacher,
        )  # fmt: skip


def _queries(record) -> int:
    with CaptureQueriesContext(connection) as queries:
        journal_extract(learner=record.learner, academic_year=record.second_year)
    return len(queries)


@pytest.mark.django_db
def test_journal_extract_reads_a_fixed_number_of_queries():
    record = build_learner_record()
    few = _queries(record)
    _add_subjects(record, 4)
    assert _queries(record) == few


@pytest.mark.django_db
def test_yearly_results_print_the_class_teachers_signoff():
    record = build_learner_record()
    yearly_results_sign(
        learner=record.learner, academic_year=record.first_year, actor=record.teacher_5.user
    )
    document = issue(record, "yearly_results")
    text = text_of(document)
    assert document.registration_number == "ИР-1"
    assert "ИТОГОВЫЕ РЕЗУЛЬТАТЫ ПО ГОДАМ ОБУЧЕНИЯ" in text
    assert "2025/2026 учебный год — класс 5А" in text
    assert "1 Математика 170 5 5" in text
    assert "Заверено классным руководителем: Смирнова Ольга Петровна," in text
    assert "Классный руководитель / Кузнецова Анна Ивановна /" in text


@pytest.mark.django_db
def test_yearly_results_changed_after_signoff_print_not_certified():
    record = build_learner_record()
    yearly_results_sign(
        learner=record.learner, academic_year=record.first_year, actor=record.teacher_5.user
    )
    record.learner.period_marks.filter(subject=record.maths, kind="year").update(value="4")
    text = text_of(issue(record, "yearly_results"))
    assert "Не заверено: отметки изменены после заверения (Смирнова Ольга Петровна," in text
    assert "1 Математика 170 4 5" in text


@pytest.mark.django_db
def test_yearly_results_never_signed_print_not_certified():
    record = build_learner_record()
    text = text_of(issue(record, "yearly_results"))
    assert "Не заверено классным руководителем" in text


@pytest.mark.django_db
def test_journal_extract_for_a_training_company_names_the_group_journal():
    record = build_learner_record(kind="training")
    document = issue(record, "journal_extract", academic_year=record.second_year)
    text = text_of(document)
    assert document.title == "Выписка из журнала учебной группы — Титов М.А."
    assert "ВЫПИСКА ИЗ ЖУРНАЛА УЧЕБНОЙ ГРУППЫ" in text
    assert "(учебная группа 6А)" in text
    assert "Дисциплина Текущие отметки" in text
    assert "1 Математика 07.09.2026: 4; 14.09.2026: 5/4 4 — —" in text


@pytest.mark.django_db
def test_study_certificate_and_yearly_results_read_a_fixed_number_of_queries():
    record = build_learner_record()

    def count():
        with CaptureQueriesContext(connection) as queries:
            study_certificate(learner=record.learner)
            yearly_results(learner=record.learner)
        return len(queries)

    few = count()
    for number in range(4):
        PeriodMarkFactory(
            learner=record.learner, subject=SubjectFactory(name=f"Предмет года {number}"),
            year=record.first_year, kind="year", period=None, updated_by=record.subject_teacher,
        )  # fmt: skip
        _period_mark(
            record, record.learner, SubjectFactory(name=f"Предмет четверти {number}"),
            record.period, "4",
        )  # fmt: skip
    assert count() == few
