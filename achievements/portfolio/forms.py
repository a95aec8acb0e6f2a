from django import forms
from django.utils import timezone

from achievements.models import (
    Achievement,
    AchievementCategory,
    AchievementLevel,
    AchievementResult,
    AchievementStatus,
)
from common.text import RefusesControlCharacters
from learners.search import NameAndClassFilter

PROOF_NEEDED = "Приложите подтверждающий документ: скан или фото диплома, грамоты, протокола."
# What the file input offers (common/files/ checks the content): scans for every
# entry, office documents too for works (R-PF-6).
SCANS = ".pdf,.jpg,.jpeg,.png"
WORKS = f"{SCANS},.docx,.pptx,.odt,.odp"
SCANS_HELP = "PDF, JPEG или PNG, до 10 МБ каждый: скан или фото диплома, грамоты, протокола."
WORKS_HELP = (
    "Сама работа — PDF, DOCX, PPTX, ODT или ODP без макросов — или её фото в JPEG или PNG, "
    "до 10 МБ каждый."
)
EITHER_HELP = (
    "PDF, JPEG или PNG, до 10 МБ каждый: скан или фото диплома, грамоты, протокола; "
    "для проектных, исследовательских и творческих работ — также сама работа в DOCX, PPTX, "
    "ODT или ODP без макросов."
)


def accepted(works: bool | None) -> tuple[str, str]:
    """The file input's accept list and help for an entry that is a work (True), is
    not (False) or whose category is not chosen yet (None)."""
    if works is None:
        return WORKS, EITHER_HELP
    return (WORKS, WORKS_HELP) if works else (SCANS, SCANS_HELP)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by content in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": SCANS}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            data = [d for d in data if d]
        if not data and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if isinstance(data, list):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class AchievementForm(RefusesControlCharacters, forms.ModelForm):
    files = MultipleFileField(label="Подтверждающие документы", required=False)

    class Meta:
        model = Achievement
        fields = [
            "category", "title", "level", "result", "stage", "badge", "date",
            "organiser", "subject_area", "description",
        ]  # fmt: skip
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, files_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # A family's proposal is confirmed by its documents: the field says so before
        # the service would refuse it (the files kept from an earlier try count).
        if files_required:
            self.fields["files"].required = True
            self.fields["files"].error_messages["required"] = PROOF_NEEDED
        chosen = self.chosen_category()
        accept, help_text = accepted(None if chosen is None else chosen.is_work)
        self.fields["files"].help_text = help_text
        # static/js/portfolio_files.js narrows the offer as the category changes.
        works = self.fields["category"].queryset.filter(is_work=True).values_list("pk", flat=True)
        self.fields["files"].widget.attrs.update(
            {
                "accept": accept,
                "data-category-field": self["category"].auto_id,
                "data-work-categories": ",".join(str(pk) for pk in works),
                "data-accept-works": WORKS,
                "data-accept-scans": SCANS,
                "data-help-works": WORKS_HELP,
                "data-help-scans": SCANS_HELP,
                "data-help-either": EITHER_HELP,
            }
        )

    def chosen_category(self) -> AchievementCategory | None:
        """The category sent (or given initially), before the form is cleaned: what the
        file input offers depends on it."""
        field = self.fields["category"]
        value = self.data.get(self.add_prefix("category")) if self.is_bound else None
        if value is None:
            value = self.initial.get("category")
        if value in (None, ""):
            return None
        if isinstance(value, AchievementCategory):
            return value
        try:
            return field.clean(value)
        except forms.ValidationError:
            return None

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError("Дата достижения не может быть в будущем.")
        return value

    def clean(self):
        data = super().clean()
        category = data.get("category")
        if category is not None:
            if not category.has_stage:
                data["stage"] = ""
            if not category.has_badge:
                data["badge"] = ""
            if category.has_badge and not data.get("badge"):
                self.add_error("badge", "Укажите знак отличия ГТО.")
        return data

    def model_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EvidenceForm(forms.Form):
    files = MultipleFileField(
        label="Добавить документы",
        error_messages={"required": "Выберите хотя бы один файл."},
    )

    def __init__(self, *args, works: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        accept, help_text = accepted(works)
        self.fields["files"].widget.attrs["accept"] = accept
        self.fields["files"].help_text = help_text


class DecisionForm(RefusesControlCharacters, forms.Form):
    comment = forms.CharField(
        label="Комментарий (при отказе — обязательно, его увидит семья)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": "Комментарий — не длиннее %(limit_value)d символов "
            "(сейчас %(show_value)d)."
        },
    )


class PortfolioFilter(forms.Form):
    category = forms.ModelChoiceField(
        label="Категория", queryset=AchievementCategory.objects.all(), required=False
    )
    level = forms.ChoiceField(
        label="Уровень", choices=[("", "любой"), *AchievementLevel.choices], required=False
    )
    result = forms.ChoiceField(
        label="Результат", choices=[("", "любой"), *AchievementResult.choices], required=False
    )
    status = forms.ChoiceField(
        label="Статус", choices=[("", "любой"), *AchievementStatus.choices], required=False
    )

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        for name in ("category", "level", "result", "status"):
            if self.cleaned_data.get(name):
                queryset = queryset.filter(**{name: self.cleaned_data[name]})
        return queryset


class GiftedFilter(NameAndClassFilter):
    """The gifted register's filter: a name and a class."""
