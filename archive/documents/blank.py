"""Printing the supplement to the certificate on the official blank: the fields'
places on the blank (millimetres from the sheet's top-left corner) as one table, the
printer's calibration (one row of offsets), a test print on plain paper that draws
each field's frame with its label and a millimetre ruler, and the print of an issued
supplement that puts only the values in place.

The values come from the issued document's stored ``content``: a print on the blank
is a copy of the registered document, never a new reading of the record."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string

from archive.documents.render import fonts_url
from archive.models import BlankCalibration
from common.pdf import html_to_pdf

LIMIT_MM = Decimal("20")
PAGE = ("210mm", "297mm")


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    x: Decimal  # left edge, mm
    y: Decimal  # top edge, mm
    width: Decimal
    height: Decimal = Decimal("6")
    size_pt: Decimal = Decimal("10")


def mm(value: str) -> Decimal:
    return Decimal(value)


# The single-value fields of the supplement blank (A4, portrait).
FIELDS = (
    Field("certificate_number", "Номер аттестата", mm("120"), mm("38"), mm("70")),
    Field("last_name", "Фамилия", mm("40"), mm("52"), mm("150")),
    Field("first_name", "Имя", mm("40"), mm("60"), mm("150")),
    Field("patronymic", "Отчество", mm("40"), mm("68"), mm("150")),
    Field("birth_date", "Дата рождения", mm("55"), mm("76"), mm("60")),
    Field("organisation", "Организация", mm("20"), mm("86"), mm("170"), mm("12"), mm("9")),
    Field("graduation_year", "Год окончания", mm("150"), mm("76"), mm("40")),
    Field("book_number", "Регистрационный номер", mm("60"), mm("268"), mm("50")),
    Field("issued_on", "Дата выдачи", mm("140"), mm("268"), mm("50")),
)
# The table of marks: one line per subject from MARKS_TOP down, a subject name and
# its mark in two columns.
MARKS_TOP = mm("110")
MARKS_ROW = mm("7")
MARKS_ROWS = 21
SUBJECT_COLUMN = Field("subject", "Предмет", mm("20"), MARKS_TOP, mm("120"))
MARK_COLUMN = Field("mark", "Итоговая отметка", mm("145"), MARKS_TOP, mm("45"))


def calibration() -> BlankCalibration:
    """The saved calibration, or no shift at all when none was saved."""
    return BlankCalibration.objects.order_by("pk").first() or BlankCalibration()


def parse_offset(value, label: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(f"{label}: введите число миллиметров, например 1,5.") from None
    if not number.is_finite():
        raise ValidationError(f"{label}: введите число миллиметров, например 1,5.")
    if abs(number) > LIMIT_MM:
        raise ValidationError(
            f"{label}: сдвиг не может быть больше {LIMIT_MM} мм в любую сторону (от −20 до 20 мм)."
        )
    if number != number.quantize(Decimal("0.1")):
        raise ValidationError(f"{label}: укажите сдвиг с точностью до 0,1 мм.")
    return number


def calibration_set(*, offset_x_mm, offset_y_mm, actor) -> BlankCalibration:
    """Save the offsets (within ±20 mm, to 0.1 mm): the one row, created on first use."""
    x = parse_offset(offset_x_mm, "Сдвиг вправо")
    y = parse_offset(offset_y_mm, "Сдвиг вниз")
    with transaction.atomic():
        row = BlankCalibration.objects.select_for_update().order_by("pk").first()
        row = row or BlankCalibration()
        row.offset_x_mm, row.offset_y_mm, row.changed_by = x, y, actor
        row.save()
    return row


def _placed(field: Field, shift: tuple[Decimal, Decimal], *, y=None, text="") -> dict:
    # Strings, not numbers: a template would print a Decimal with the decimal comma.
    return {
        "key": field.key,
        "label": field.label,
        "left": css(field.x + shift[0]),
        "top": css((field.y if y is None else y) + shift[1]),
        "width": css(field.width),
        "height": css(field.height),
        "size": css(field.size_pt),
        "text": text,
    }


def css(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _shift(row: BlankCalibration) -> tuple[Decimal, Decimal]:
    return Decimal(row.offset_x_mm), Decimal(row.offset_y_mm)


def field_values(content: dict) -> dict[str, str]:
    learner = content["learner"]
    return {
        "certificate_number": content.get("certificate_number", ""),
        "last_name": learner["last_name"],
        "first_name": learner["first_name"],
        "patronymic": learner["patronymic"],
        "birth_date": learner["birth_date"],
        "organisation": content["organisation"]["full_name"],
        "graduation_year": str(content.get("graduation_year", "")),
        "book_number": content.get("book_number", ""),
        "issued_on": content.get("issued_on", ""),
    }


def blank_boxes(content: dict, row: BlankCalibration) -> list[dict]:
    """Every value of the issued supplement at its place on the blank, shifted by the
    calibration."""
    shift = _shift(row)
    values = field_values(content)
    boxes = [_placed(f, shift, text=values[f.key]) for f in FIELDS if values[f.key]]
    for index, line in enumerate(content["marks"][:MARKS_ROWS]):
        y = MARKS_TOP + MARKS_ROW * index
        boxes.append(_placed(SUBJECT_COLUMN, shift, y=y, text=line["subject"]))
        boxes.append(_placed(MARK_COLUMN, shift, y=y, text=line["mark_text"]))
    return boxes


def test_boxes(row: BlankCalibration) -> list[dict]:
    """Every field's frame at its calibrated place, labelled, for the test print."""
    shift = _shift(row)
    boxes = [_placed(f, shift, text=f.label) for f in FIELDS]
    for index in range(MARKS_ROWS):
        y = MARKS_TOP + MARKS_ROW * index
        boxes.append(_placed(SUBJECT_COLUMN, shift, y=y, text=f"Предмет {index + 1}"))
        boxes.append(_placed(MARK_COLUMN, shift, y=y, text="отметка"))
    return boxes


def _render(template: str, **context) -> bytes:
    html = render_to_string(
        template, {"fonts": fonts_url(), "page_width": PAGE[0], "page_height": PAGE[1], **context}
    )
    return html_to_pdf(html)


def blank_pdf(content: dict, row: BlankCalibration) -> bytes:
    return _render(
        "archive/documents/pdf/blank_print.html",
        boxes=blank_boxes(content, row),
        title=content["title"],
    )


def _ticks(length: int, offset: Decimal) -> list[dict]:
    return [
        {"at": css(Decimal(n) + offset), "long": n % 10 == 0, "label": n if n % 10 == 0 else ""}
        for n in range(0, length + 1)
    ]


def test_pdf(row: BlankCalibration) -> bytes:
    """Frames and labels of every field and a millimetre ruler along the top and the
    left edge, all shifted by the calibration: laid on the blank against the light,
    the print shows how far the printer is off."""
    x, y = _shift(row)
    return _render(
        "archive/documents/pdf/blank_test.html",
        boxes=test_boxes(row),
        offset_x=css(Decimal(row.offset_x_mm)),
        offset_y=css(Decimal(row.offset_y_mm)),
        top_ticks=[dict(t, left=t["at"], top=css(Decimal(5) + y)) for t in _ticks(190, x + 10)],
        left_ticks=[dict(t, top=t["at"], left=css(Decimal(5) + x)) for t in _ticks(270, y + 10)],
    )
