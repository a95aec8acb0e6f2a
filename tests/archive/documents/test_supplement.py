"""The supplement to the certificate (all final marks of the curriculum), the list of
graduates, and the print of an issued supplement on the official blank shifted by the
calibration."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from pikepdf import pdfa
from pypdf import PdfReader

from achievements.models import MarkKind
from archive.documents import blank
from archive.documents.services import build_content, issue_document, preview_document
from archive.models import BlankCalibration, DocumentKind, IssuedDocument
from tests.archive.documents.group_data import build_school, build_training
from tests.archive.documents.test_group_documents import pdf_text

pytestmark = pytest.mark.django_db
MM = Decimal("72") / Decimal("25.4")  # points in a millimetre


@pytest.fixture
def school():
    return build_school()


def test_supplement_school_lists_every_subject_of_the_curriculum(school):
    titov = school.learners[1]
    pdf = preview_document(kind=DocumentKind.CERTIFICATE_SUPPLEMENT, learner=titov)
    text = pdf_text(pdf)
    assert "Приложение к аттестату об основном общем образовании" in text
    assert "Фамилия, имя, отчество Титов Михаил Андреевич" in text
    assert "Дата рождения 14.03.2011" in text
    assert "Год окончания 2027 (2026/2027 учебный год)" in text
    assert "Итоговые отметки Титова Михаила Андреевича:" in text
    assert (
        "1 История 5 (отлично) 2 Математика 4 (хорошо) 3 Русский язык 3 (удовлетворительно)" in text
    )
    assert pdfa.validate_written(io.BytesIO(pdf), "2b").passed


def test_supplement_training_company_with_hours():
    data = build_training()
    pdf = preview_document(kind=DocumentKind.CERTIFICATE_SUPPLEMENT, learner=data.learners[0])
    text = pdf_text(pdf)
    assert "Приложение к удостоверению" in text
    assert "Наименование дисциплины Часов Итоговая отметка" in text
    assert "1 Охрана труда 40 5 (отлично) 2 Электробезопасность 32 4 (хорошо)" in text
    assert "Организация Общество с ограниченной ответственностью «Учебный центр Профи»" in text


def test_supplement_names_subjects_without_final_mark(school):
    titov = school.learners[1]
    titov.period_marks.filter(kind=MarkKind.FINAL, subject=school.subjects["history"]).delete()
    with pytest.raises(ValidationError) as error:
        issue_document(
            kind=DocumentKind.CERTIFICATE_SUPPLEMENT,
            actor=school.clerk,
            recipient="Титову М. А.",
            to_family=True,
            learner=titov,
        )
    assert error.value.messages == [
        "Нет итоговых отметок у обучающегося Титов Михаил Андреевич по предметам: История. "
        "Выставьте их, прежде чем выдавать приложение."
    ]
    assert IssuedDocument.objects.count() == 0


def test_supplement_learner_without_final_marks_refused(school):
    titov = school.learners[1]
    titov.period_marks.filter(kind=MarkKind.FINAL).delete()
    with pytest.raises(ValidationError) as error:
        build_content(kind=DocumentKind.CERTIFICATE_SUPPLEMENT, learner=titov)
    assert error.value.messages == [
        "У обучающегося Титов Михаил Андреевич нет итоговых отметок: выставьте их, прежде "
        "чем выдавать документ."
    ]


def test_supplement_for_a_learner_not_graduating_refused(school):
    learner = school.school.learner(school.other_group, "Петров", "Пётр", "Петрович")
    with pytest.raises(ValidationError) as error:
        build_content(kind=DocumentKind.CERTIFICATE_SUPPLEMENT, learner=learner)
    assert error.value.messages == [
        "Петров Пётр Петрович не обучается в выпускном классе (последнем году обучения по "
        "программе): приложение к документу об образовании не составляется."
    ]


def test_graduates_list_marks_and_decision(school):
    pdf = preview_document(kind=DocumentKind.GRADUATES_LIST, group=school.group)
    text = pdf_text(pdf)
    assert "Список выпускников с итоговыми отметками" in text
    assert "История Математика Русский язык Выдать документ" in text
    assert "1 Антонова Мария Игоревна 5 5 5 да, с отличием" in text
    assert "2 Титов Михаил Андреевич 5 4 3 да" in text
    assert "Всего выпускников: 2; могут получить документ: 2; из них с отличием: 1." in text
    assert pdfa.validate_written(io.BytesIO(pdf), "2b").passed


def test_graduates_list_missing_mark_not_awarded(school):
    titov = school.learners[1]
    titov.period_marks.filter(kind=MarkKind.FINAL, subject=school.subjects["maths"]).delete()
    content = build_content(kind=DocumentKind.GRADUATES_LIST, group=school.group)
    assert content["rows"][1]["marks"] == ["5", "", "3"]
    assert content["rows"][1]["awarded"] is False
    assert "2 Титов Михаил Андреевич 5 — 3 нет (нет отметок: Математика)" in pdf_text(
        preview_document(kind=DocumentKind.GRADUATES_LIST, group=school.group)
    )


def test_graduates_list_of_a_group_not_graduating_refused(school):
    with pytest.raises(ValidationError) as error:
        build_content(kind=DocumentKind.GRADUATES_LIST, group=school.other_group)
    assert error.value.messages == [
        "5А — не выпускной класс: список выпускников составляется для последнего года "
        "обучения по программе."
    ]


def _positions(pdf: bytes) -> dict[str, tuple[Decimal, Decimal]]:
    """Where each text run starts on the page, in points from the bottom-left corner."""
    found = {}

    def visitor(text, cm, tm, font_dict, font_size):
        if text.strip():
            x = Decimal(str(tm[4] * cm[0] + tm[5] * cm[2] + cm[4]))
            y = Decimal(str(tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))
            found.setdefault(text.strip(), (x, y))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visitor)
    return found


@pytest.fixture
def issued_supplement(school):
    return issue_document(
        kind=DocumentKind.CERTIFICATE_SUPPLEMENT,
        actor=school.clerk,
        recipient="Титову Михаилу Андреевичу",
        to_family=True,
        learner=school.learners[1],
        options={"certificate_number": "05 АБ № 0012345", "book_number": "7"},
    )


def test_blank_print_has_only_values_at_their_places(issued_supplement):
    pdf = blank.blank_pdf(issued_supplement.content, blank.calibration())
    text = pdf_text(pdf)
    assert text == (
        "05 АБ № 0012345 Титов Михаил Андреевич 14.03.2011 Муниципальное автономное "
        "общеобразовательное учреждение «Лицей № 1» 2027 7 История 5 (отлично) Математика 4 "
        "(хорошо) Русский язык 3 (удовлетворительно)"
    )
    assert pdfa.validate_written(io.BytesIO(pdf), "2b").passed
    positions = _positions(pdf)
    # «Титов» at 40 mm from the left, its box's top at 52 mm from the top.
    x, _ = positions["Титов"]
    assert abs(x - 40 * MM) < 1


def test_blank_print_shifted_by_the_calibration(issued_supplement, school):
    plain = _positions(blank.blank_pdf(issued_supplement.content, blank.calibration()))
    blank.calibration_set(offset_x_mm="2,5", offset_y_mm="-3", actor=school.clerk)
    shifted = _positions(blank.blank_pdf(issued_supplement.content, blank.calibration()))
    for value in ("Титов", "14.03.2011", "История"):
        dx = shifted[value][0] - plain[value][0]
        dy = shifted[value][1] - plain[value][1]
        assert abs(dx - Decimal("2.5") * MM) < Decimal("0.05")
        # Three millimetres up on the sheet is three millimetres more from the bottom.
        assert abs(dy - 3 * MM) < Decimal("0.05")


def test_blank_boxes_follow_the_field_table(issued_supplement):
    row = BlankCalibration(offset_x_mm=Decimal("1.5"), offset_y_mm=Decimal("-2"))
    boxes = {b["key"]: b for b in blank.blank_boxes(issued_supplement.content, row)}
    assert (boxes["last_name"]["left"], boxes["last_name"]["top"]) == ("41.5", "50")
    assert boxes["last_name"]["text"] == "Титов"
    marks = [b for b in blank.blank_boxes(issued_supplement.content, row) if b["key"] == "mark"]
    assert [(b["top"], b["text"]) for b in marks] == [
        ("108", "5 (отлично)"),
        ("115", "4 (хорошо)"),
        ("122", "3 (удовлетворительно)"),
    ]


def test_blank_test_print_draws_labelled_frames_and_ruler(school):
    pdf = blank.test_pdf(blank.calibration())
    text = pdf_text(pdf)
    assert "Пробная печать на обычной бумаге. Сдвиг вправо 0 мм, вниз 0 мм." in text
    for label in ("Фамилия", "Имя", "Отчество", "Дата рождения", "Номер аттестата", "Предмет 1"):
        assert label in text
    assert pdfa.validate_written(io.BytesIO(pdf), "2b").passed


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        (
            "21",
            "0",
            "Сдвиг вправо: сдвиг не может быть больше 20 мм в любую сторону (от −20 до 20 мм).",
        ),
        (
            "0",
            "-20.5",
            "Сдвиг вниз: сдвиг не может быть больше 20 мм в любую сторону (от −20 до 20 мм).",
        ),
        ("abc", "0", "Сдвиг вправо: введите число миллиметров, например 1,5."),
        ("1.25", "0", "Сдвиг вправо: укажите сдвиг с точностью до 0,1 мм."),
        ("NaN", "0", "Сдвиг вправо: введите число миллиметров, например 1,5."),
    ],
)
def test_calibration_bad_input_refused_and_nothing_saved(school, x, y, message):
    with pytest.raises(ValidationError) as error:
        blank.calibration_set(offset_x_mm=x, offset_y_mm=y, actor=school.clerk)
    assert error.value.messages == [message]
    assert BlankCalibration.objects.count() == 0


def test_calibration_saved_once_and_updated(school):
    blank.calibration_set(offset_x_mm="1,5", offset_y_mm="-2", actor=school.clerk)
    blank.calibration_set(offset_x_mm="-20", offset_y_mm="20", actor=school.deputy)
    row = BlankCalibration.objects.get()
    assert (row.offset_x_mm, row.offset_y_mm, row.changed_by) == (
        Decimal("-20.0"),
        Decimal("20.0"),
        school.deputy,
    )
