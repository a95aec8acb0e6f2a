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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by content in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
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
    files = MultipleFileField(
        label="Подтверждающие документы",
        required=False,
        help_text="PDF, JPEG или PNG, до 10 МБ каждый: скан или фото диплома, грамоты, "
        "протокола; для работ — сама работа в PDF.",
    )

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
