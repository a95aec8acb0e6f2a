from django import forms

from achievements.models import Lesson, WorkKind
from common.text import RefusesControlCharacters

WEEKDAYS = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота"]
LESSON_NUMBERS = [(n, f"{n}-й") for n in range(1, 9)]


class LessonForm(RefusesControlCharacters, forms.ModelForm):
    class Meta:
        model = Lesson
        fields = ["date", "number", "topic", "homework", "work_kind"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        self.fields["work_kind"].queryset = WorkKind.objects.all()
        self.fields["date"].widget.attrs.update(
            min=period.starts_on.isoformat(), max=period.ends_on.isoformat()
        )

    def validate_unique(self):
        # The (group, subject, date, number) slot is checked by the service, which
        # knows the group and subject this form does not carry.
        return None


class TimetableForm(forms.Form):
    """The weekly pattern: which lesson numbers on which weekdays."""

    work_kind = forms.ModelChoiceField(
        label="Вид работы по умолчанию", queryset=WorkKind.objects.all()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, name in enumerate(WEEKDAYS):
            self.fields[f"day_{index}"] = forms.TypedMultipleChoiceField(
                label=name,
                choices=LESSON_NUMBERS,
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields["work_kind"].initial = WorkKind.objects.order_by("order").first()

    def day_fields(self):
        return [self[f"day_{index}"] for index in range(len(WEEKDAYS))]

    def weekly(self) -> dict[int, list[int]]:
        return {i: self.cleaned_data.get(f"day_{i}") or [] for i in range(len(WEEKDAYS))}
