from django import forms

from learners.roster.parse import MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Файл со списком (XLSX)",
        help_text=f"Таблица Excel по шаблону, не больше {MAX_BYTES // (1024 * 1024)} МБ.",
        error_messages={
            "required": "Выберите файл.",
            "empty": "Файл пустой.",
            "invalid": "Файл не получен: выберите его снова.",
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class ConfirmForm(forms.Form):
    """The dry run's file, named by its token and its SHA-256 (learners.roster.services)."""

    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    name = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)
