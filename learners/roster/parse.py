"""Reading the roster file: checked by its content (a real XLSX within the size limit),
its header matched to our columns, each row validated on its own by a form. What the
rows mean against the database is learners.roster.plan's business."""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from common.text import refuse_control_characters
from learners.models import Guardian, Kinship, Learner, Sex
from learners.roster.columns import (
    BY_KEY,
    BY_TITLE,
    COLUMNS,
    PARENTS,
    SHEETS,
    normal_title,
    title_of,
)
from learners.terms import current_terms

MAX_BYTES = 5 * 1024 * 1024
# A zip of a few megabytes can unpack to gigabytes; a real roster of a big school
# unpacks to a few dozen.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 5000
DATE_FORMAT = "%d.%m.%Y"
MIN_AGE, MAX_AGE = 3, 100
EMAIL_LENGTH = 254

SEXES = {"м": Sex.MALE, "муж": Sex.MALE, "мужской": Sex.MALE,
         "ж": Sex.FEMALE, "жен": Sex.FEMALE, "женский": Sex.FEMALE}  # fmt: skip
KINSHIPS = {
    "мать": Kinship.MOTHER,
    "отец": Kinship.FATHER,
    "опекун": Kinship.TRUSTEE,
    "попечитель": Kinship.TRUSTEE,
    "опекун (попечитель)": Kinship.TRUSTEE,
    "иной": Kinship.OTHER,
    "иное": Kinship.OTHER,
    "иной законный представитель": Kinship.OTHER,
}


class FileError(ValidationError):
    """The file as a whole cannot be read: nothing of it is shown row by row."""


@dataclass
class ParentRow:
    slot: int
    last_name: str
    first_name: str
    patronymic: str
    kinship: str
    email: str
    phone: str

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


@dataclass
class Row:
    """One row of the sheet as read: ``values`` the cleaned ones when ``errors`` is
    empty."""

    number: int
    raw: dict
    errors: list[str] = field(default_factory=list)
    personal_file_number: str = ""
    last_name: str = ""
    first_name: str = ""
    patronymic: str = ""
    birth_date: date | None = None
    sex: str = ""
    group_name: str = ""
    started_on: date | None = None
    parents: list[ParentRow] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


def _limit(model, name) -> int:
    return model._meta.get_field(name).max_length


def _text_field(*, max_length: int, required: bool = False) -> forms.CharField:
    return forms.CharField(
        required=required,
        max_length=max_length,
        strip=False,
        validators=[refuse_control_characters],
        error_messages={
            "required": "не заполнено.",
            "max_length": "не длиннее %(limit_value)d символов (сейчас %(show_value)d).",
        },
    )


class RowForm(forms.Form):
    """The checks of one row that need nothing but the row itself."""

    number = _text_field(max_length=_limit(Learner, "personal_file_number"), required=True)
    last_name = _text_field(max_length=_limit(Learner, "last_name"), required=True)
    first_name = _text_field(max_length=_limit(Learner, "first_name"), required=True)
    patronymic = _text_field(max_length=_limit(Learner, "patronymic"))
    birth_date = forms.CharField(required=True, error_messages={"required": "не заполнено."})
    sex = forms.CharField(required=True, error_messages={"required": "не заполнено."})
    group = _text_field(max_length=50, required=True)
    started_on = forms.CharField(required=False)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        for n in PARENTS:
            for key in ("last_name", "first_name", "patronymic", "phone"):
                self.fields[f"p{n}_{key}"] = _text_field(max_length=_limit(Guardian, key))
            self.fields[f"p{n}_kinship"] = forms.CharField(required=False)
            self.fields[f"p{n}_email"] = forms.CharField(required=False)

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        born = _parse_date(value)
        if born > self.today:
            raise ValidationError(f"{born:{DATE_FORMAT}} — в будущем.")
        if born.year < 1900:
            raise ValidationError(f"{born:{DATE_FORMAT}} — раньше 1900 года.")
        age = _age(born, self.today)
        if age < MIN_AGE:
            raise ValidationError(
                f"{born:{DATE_FORMAT}} — {current_terms()['learner_dat']} меньше {MIN_AGE} лет."
            )
        if age > MAX_AGE:
            raise ValidationError(
                f"{born:{DATE_FORMAT}} — {current_terms()['learner_dat']} больше {MAX_AGE} лет."
            )
        return born

    def clean_started_on(self):
        value = self.cleaned_data["started_on"]
        return _parse_date(value) if value else None

    def clean_sex(self):
        value = self.cleaned_data["sex"]
        sex = SEXES.get(value.casefold().rstrip("."))
        if sex is None:
            raise ValidationError(f"«{value}» — укажите М или Ж.")
        return sex

    def clean(self):
        data = super().clean()
        for n in PARENTS:
            keys = [f"p{n}_{k}" for k in ("last_name", "first_name", "patronymic", "kinship",
                                          "email", "phone")]  # fmt: skip
            if not any(self.data.get(k) for k in keys):
                continue
            for key in (f"p{n}_last_name", f"p{n}_first_name", f"p{n}_kinship"):
                if not self.data.get(key) and key not in self.errors:
                    self.add_error(key, "не заполнено.")
            kinship = self.data.get(f"p{n}_kinship")
            if kinship:
                value = KINSHIPS.get(" ".join(kinship.casefold().split()))
                if value is None:
                    self.add_error(
                        f"p{n}_kinship", f"«{kinship}» — укажите мать, отец, опекун или иной."
                    )
                else:
                    data[f"p{n}_kinship"] = value
            email = self.data.get(f"p{n}_email")
            if email:
                try:
                    forms.EmailField(max_length=EMAIL_LENGTH).clean(email)
                except ValidationError:
                    self.add_error(f"p{n}_email", f"«{email}» — неверный адрес.")
                else:
                    data[f"p{n}_email"] = email.lower()
        return data


def _parse_date(value: str) -> date:
    try:
        return datetime.strptime(value, DATE_FORMAT).date()
    except ValueError:
        raise ValidationError(f"«{value}» — не дата в формате ДД.ММ.ГГГГ.") from None


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _text(value) -> str:
    """A cell's value as the text a person sees: spaces at the ends and repeated ones
    inside are typing, not data; a whole number is written without ".0"; a date as
    ДД.ММ.ГГГГ."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value:{DATE_FORMAT}}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # A line break or a tab inside a cell is layout; other control characters stay,
    # so that the form names them.
    return " ".join(str(value).split())


def validate_row(number: int, raw: dict, *, today: date) -> Row:
    row = Row(number=number, raw=raw)
    form = RowForm({key: _text(value) for key, value in raw.items()}, today=today)
    if not form.is_valid():
        for key in form.fields:
            for error in form.errors.get(key, []):
                row.errors.append(f"{title_of(BY_KEY[key])}: {error}")
        return row
    data = form.cleaned_data
    row.personal_file_number = data["number"]
    row.last_name, row.first_name, row.patronymic = (
        data["last_name"], data["first_name"], data["patronymic"]
    )  # fmt: skip
    row.birth_date, row.sex, row.group_name = data["birth_date"], data["sex"], data["group"]
    row.started_on = data["started_on"]
    for n in PARENTS:
        if data.get(f"p{n}_last_name"):
            row.parents.append(
                ParentRow(
                    slot=n,
                    **{k: data[f"p{n}_{k}"] for k in ("last_name", "first_name", "patronymic",
                                                      "kinship", "email", "phone")},
                )
            )  # fmt: skip
    return row


def size_error(name: str) -> FileError:
    return FileError(f"Файл «{name}» больше {filesizeformat(MAX_BYTES)}: разделите список.")


def check_content(content: bytes, *, name: str = "файл") -> None:
    """Refuse what is not an XLSX within the limits, by its bytes, not its name."""
    if not content:
        raise FileError(f"Файл «{name}» пустой.")
    if len(content) > MAX_BYTES:
        raise size_error(name)
    not_xlsx = FileError(
        f"Файл «{name}» — не таблица Excel (XLSX). Скачайте шаблон, заполните его и "
        "сохраните в формате XLSX."
    )
    if not content.startswith(b"PK\x03\x04"):
        raise not_xlsx
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_xlsx from None
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise not_xlsx
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileError(f"Файл «{name}» слишком велик в распакованном виде: разделите список.")


def read_rows(content: bytes, *, today: date | None = None, name: str = "файл") -> list[Row]:
    """The sheet's rows validated one by one, or FileError for the whole file."""
    from openpyxl import load_workbook

    check_content(content, name=name)
    today = today or timezone.localdate()
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    # openpyxl raises whatever its XML and zip layers meet in a damaged file (KeyError,
    # TypeError, lxml's errors, ...): any of them means the same to the person.
    except Exception:
        raise FileError(
            f"Файл «{name}» повреждён или не открывается как XLSX. Сохраните его заново."
        ) from None
    try:
        named = [n for n in workbook.sheetnames if n in SHEETS]
        sheet = workbook[named[0]] if named else workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = next(lines, None) or ()
        keys = _header_keys(header)
        rows = []
        for number, values in enumerate(lines, start=2):
            if not any(v is not None and str(v).strip() for v in values):
                continue
            if len(rows) == MAX_ROWS:
                raise FileError(f"В файле больше {MAX_ROWS} строк: разделите список.")
            raw = {key: None for key in BY_KEY}
            for index, key in keys.items():
                if index < len(values):
                    raw[key] = values[index]
            rows.append(validate_row(number, raw, today=today))
    except FileError:
        raise
    except Exception:
        raise FileError(
            f"Файл «{name}» повреждён или не открывается как XLSX. Сохраните его заново."
        ) from None
    finally:
        workbook.close()
    if not rows:
        raise FileError(f"В файле «{name}» нет ни одного {current_terms()['learner_gen']}.")
    return rows


def _header_keys(header) -> dict[int, str]:
    keys = {}
    seen = set()
    for index, title in enumerate(header):
        if title is None:
            continue
        column = BY_TITLE.get(normal_title(title))
        if column is None:
            continue
        if column.key in seen:
            raise FileError(f"Столбец «{title_of(column)}» встречается в файле дважды.")
        seen.add(column.key)
        keys[index] = column.key
    missing = [title_of(c) for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        names = ", ".join(f"«{t}»" for t in missing)
        raise FileError(
            f"В первой строке листа нет {'столбца' if len(missing) == 1 else 'столбцов'} "
            f"{names}. Скачайте шаблон и перенесите данные в него."
        )
    return keys
