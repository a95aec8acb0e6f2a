"""Text that reaches the database and the documents made from it. Control characters
(a stray U+0001 pasted from another program) are invisible on a page, yet an XML-based
document (XLSX, PDF text) cannot hold them: one of them broke a whole class's
spreadsheet. Forms refuse them where a person can still see and fix the field; exports
strip what older records still hold."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator

# C0 controls but tab, line feed and carriage return; DEL; lone surrogates (they cannot
# be encoded at all); U+FFFE and U+FFFF, which XML 1.0 forbids as well.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
SHOWN_AT_MOST = 3


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def refuse_control_characters(value) -> None:
    """A validator for any text field."""
    if not isinstance(value, str):
        return
    found = list(dict.fromkeys(CONTROL_CHARACTERS.findall(value)))
    if not found:
        return
    codes = ", ".join(f"U+{ord(char):04X}" for char in found[:SHOWN_AT_MOST])
    raise ValidationError(
        "Текст содержит невидимый управляющий символ (%(codes)s). Удалите его и сохраните "
        "снова: такие символы попадают в текст при копировании из других программ.",
        code="control_characters",
        params={"codes": codes},
    )


def guard_text_field(field: forms.Field) -> forms.Field:
    """Make a form field refuse control characters; password fields take any text."""
    if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
        return field
    if refuse_control_characters not in field.validators:
        # Ours names the character; Django's null-byte check would say the same twice.
        field.validators = [
            v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ] + [refuse_control_characters]
    return field


class RefusesControlCharacters:
    """Mixed in before forms.Form or forms.ModelForm: every text field of the form
    refuses control characters with a message beside the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            guard_text_field(field)
