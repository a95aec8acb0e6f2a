"""The statement of attestation and the summary statement of a group: their text read
back from the PDF against the data, for a school and a training company; bad input."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pikepdf import pdfa
from pypdf import PdfReader

from achievements.models import MarkKind, MarkOrigin
from archive.documents.content.group import progress_category
from archive.documents.services import build_content, issue_document, preview_document
from archive.models import DocumentKind, IssuedDocument, RegisterCounter
from tests.archive.documents.group_data import build_school, build_training, mark
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    """The PDF's text with every run of white space (a cell's line break) one space."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


@pytest.fixture
def school():
    return build_school()


def test_attestation_statement_school_period_lists_marks(school):
    pdf = preview_document(
        kind=DocumentKind.ATTESTATION_STATEMENT,
        group=school.group,
        subject=school.subjects["maths"],
        period=school.period,
    )
    text = pdf_text(pdf)
    assert "Ведомость промежуточной аттестации" in text
    assert "1-я четверть 2026/2027 учебного года" in text
    assert "Предмет Математика (170 ч)" in text
    assert "Учитель Петрова Анна Сергеевна" in text
    assert "1 Антонова Мария Игоревна 5" in text
    assert "2 Титов Михаил Андреевич 4" in text
    assert "Итого 2: «5» — 1; «4» — 1; «3» — 0; «2» — 0; не аттестовано — 0." in text
    assert pdfa.validate_written(io.BytesIO(pdf), "2b").passed


def test_attestation_statement_final_marks_and_credited(school):
    titov = school.learners[1]
    history = school.subjects["history"]
    titov.period_marks.filter(subject=history, kind=MarkKind.FINAL).update(
        origin=MarkOrigin.CREDITED, credit_source="МБОУ СОШ № 7"
    )
    content = build_content(
        kind=DocumentKind.ATTESTATION_STATEMENT,
        group=school.group,
        subject=history,
        options={"mark_kind": "final"},
    )
    assert content["heading"] == "Ведомость итоговой аттестации"
    assert [(r["name"], r["mark"], r["credited"]) for r in content["rows"]] == [
        ("Антонова Мария Игоревна", "5", False),
        ("Титов Михаил Андреевич", "5", True),
    ]
    text = pdf_text(
        preview_document(
            kind=DocumentKind.ATTESTATION_STATEMENT,
            group=school.group,
            subject=history,
            options={"mark_kind": "final"},
        )
    )
    assert "Зачтено из другой организации: МБОУ СОШ № 7" in text
    assert "зачтено из других организаций — 1" in text


def test_attestation_statement_training_is_a_protocol_of_a_discipline():
    data = build_training()
    pdf = preview_document(
        kind=DocumentKind.ATTESTATION_STATEMENT,
        group=data.group,
        subject=data.subjects["safety"],
        period=data.period,
    )
    text = pdf_text(pdf)
    assert "Протокол промежуточной аттестации" in text
    assert "Дисциплина Охрана труда (40 ч)" in text
    assert "Учебная группа ОТ-12" in text
    assert "Преподаватель Кузнецов Олег Иванович" in text
    assert "1 Шевчук Ирина Олеговна 5" in text
    assert pdfa.validate_written(io.BytesIO(pdf), "2b").passed


def test_attestation_statement_without_marks_issues_nothing(school):
    with pytest.raises(ValidationError) as error:
        issue_document(
            kind=DocumentKind.ATTESTATION_STATEMENT,
            actor=school.deputy,
            recipient="В дело",
            group=school.group,
            subject=school.subjects["maths"],
            period=school.school.periods[1],
        )
    assert error.value.messages == [
        "Нет отметок по предмету «Математика» в классе 9А (2-я четверть 2026/2027 учебного "
        "года): ведомость составлять не из чего."
    ]
    assert IssuedDocument.objects.count() == 0
    assert RegisterCounter.objects.count() == 0


def test_attestation_statement_period_kind_needs_a_period(school):
    with pytest.raises(ValidationError) as error:
        build_content(
            kind=DocumentKind.ATTESTATION_STATEMENT,
            group=school.group,
            subject=school.subjects["maths"],
        )
    assert error.value.messages == ["Выберите период."]


def test_attestation_statement_issued_gets_a_number(school):
    document = issue_document(
        kind=DocumentKind.ATTESTATION_STATEMENT,
        actor=school.deputy,
        recipient="В дело",
        group=school.group,
        subject=school.subjects["maths"],
        period=school.period,
    )
    assert document.registration_number == "ВА-1"
    assert document.to_family is False
    text = pdf_text(document.file.read())
    assert "Рег. № ВА-1" in text


def test_summary_statement_period_matrix_and_totals(school):
    pdf = preview_document(
        kind=DocumentKind.SUMMARY_STATEMENT, group=school.group, period=school.period
    )
    text = pdf_text(pdf)
    assert "Сводная ведомость успеваемости" in text
    assert "Класс 9А, 1-я четверть 2026/2027 учебного года (отметки за период)" in text
    assert "1 Антонова Мария Игоревна 5 5 2 0 0 0 0 5,00 Отличники (все «5»)" in text
    assert "2 Титов Михаил Андреевич 4 3 0 1 1 0 0 3,50 С одной «3»" in text
    assert "Математика 1 1 0 0 0 4,50 100,0 % 100,0 %" in text
    assert "Русский язык 1 0 1 0 0 4,00 100,0 % 50,0 %" in text
    assert "Успеваемость 100,0 % (2 из 2)" in text
    assert "Качество знаний 50,0 % (1 из 2)" in text
    assert "Классный руководитель / Смирнова Ольга Петровна /" in text
    assert pdfa.validate_written(io.BytesIO(pdf), "2b").passed


def test_summary_statement_year_uses_year_marks(school):
    content = build_content(kind=DocumentKind.SUMMARY_STATEMENT, group=school.group)
    assert content["scope_label"] == "2026/2027 учебный год"
    assert content["subjects"] == ["Математика", "Русский язык"]
    assert [row["marks"] for row in content["rows"]] == [
        [{"shown": "5", "credited": False}, {"shown": "5", "credited": False}],
        [{"shown": "4", "credited": False}, {"shown": "3", "credited": False}],
    ]
    assert {c["label"]: c["count"] for c in content["categories"]}["С одной «3»"] == 1


def test_summary_statement_without_marks_refused(school):
    with pytest.raises(ValidationError) as error:
        build_content(
            kind=DocumentKind.SUMMARY_STATEMENT,
            group=school.group,
            period=school.school.periods[1],
        )
    assert error.value.messages == [
        "Нет ни одной отметки за период в классе 9А (2-я четверть 2026/2027 учебного года): "
        "сводную ведомость составлять не из чего."
    ]


def test_summary_statement_training_company_says_disciplines():
    data = build_training()
    text = pdf_text(
        preview_document(kind=DocumentKind.SUMMARY_STATEMENT, group=data.group, period=data.period)
    )
    assert "Дисциплины «5» «4» «3» «2» «н/а»" in text
    assert "1 Шевчук Ирина Олеговна 5 4 1 1 0 0 0 4,50 Успевающие на «4» и «5»" in text


@pytest.mark.parametrize(
    ("values", "category"),
    [
        (["5", "5", "зач"], "excellent"),
        (["5", "4"], "good"),
        (["5", "3", "4"], "one_three"),
        (["3", "3"], "passing"),
        (["5", "2"], "failing"),
        (["5", "незач"], "failing"),
        (["5", "н/а"], "not_attested"),
        (["", ""], "not_attested"),
    ],
)
def test_progress_category_by_five_point_values(values, category):
    assert progress_category(values) == category


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries)


def test_group_documents_query_count_flat_in_learners_and_subjects(school):
    def both():
        build_content(kind=DocumentKind.SUMMARY_STATEMENT, group=school.group, period=school.period)
        build_content(
            kind=DocumentKind.ATTESTATION_STATEMENT,
            group=school.group,
            subject=school.subjects["maths"],
            period=school.period,
        )
        build_content(kind=DocumentKind.GRADUATES_LIST, group=school.group)

    before = _queries(both)
    for n in range(3):
        learner = LearnerFactory()
        school.school.enroll(learner, school.group)
        subject = school.school.subject(f"Дополнительный {n}")
        school.school.subject_teacher(school.group, subject)
        for s in (school.subjects["maths"], subject):
            mark(learner, s, "4", period=school.period)
            mark(learner, s, "4", kind=MarkKind.FINAL, year=school.school.year)
    assert _queries(both) == before
