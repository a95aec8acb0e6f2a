from django import forms
from django.utils import timezone

from achievements.models import AchievementLevel, AchievementResult, Event
from common.text import RefusesControlCharacters
from learners.models import AcademicYear

# The first choice of every learner's row: not in the list.
ABSENT = ""
RESULT_CHOICES = [
    (ABSENT, "не участвовал"),
    *[(value, label.lower()) for value, label in AchievementResult.choices],
]


class EventForm(RefusesControlCharacters, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "title", "category", "level", "starts_on", "ends_on", "organiser",
            "subject_area", "description",
        ]  # fmt: skip
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "ends_on": "Результаты вносят после окончания мероприятия.",
        }

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "Дата окончания раньше даты начала.")
        elif ends_on and ends_on > timezone.localdate():
            self.add_error(
                "ends_on", "Мероприятие ещё не закончилось: результаты вносят после него."
            )
        return cleaned

    def model_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ParticipantsForm(forms.Form):
    """A class's learners, each with a result or «не участвовал»: one select per row,
    usable on a phone."""

    def __init__(self, *args, learners, initial_results: dict[int, str] | None = None, **kw):
        super().__init__(*args, **kw)
        self.learners = learners
        initial_results = initial_results or {}
        for learner in learners:
            self.fields[self.field_name(learner)] = forms.ChoiceField(
                label=learner.full_name,
                choices=RESULT_CHOICES,
                required=False,
                initial=initial_results.get(learner.pk, ABSENT),
            )

    @staticmethod
    def field_name(learner) -> str:
        return f"result_{learner.pk}"

    def rows(self):
        return [(learner, self[self.field_name(learner)]) for learner in self.learners]

    def participants(self) -> list[tuple]:
        """(learner, result) of those who took part."""
        return [
            (learner, self.cleaned_data[self.field_name(learner)])
            for learner in self.learners
            if self.cleaned_data[self.field_name(learner)] != ABSENT
        ]


class GroupChoiceForm(forms.Form):
    group = forms.ModelChoiceField(label="Класс", queryset=None, empty_label="— выберите класс —")

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class EventFilter(forms.Form):
    level = forms.ChoiceField(
        label="Уровень", choices=[("", "все уровни"), *AchievementLevel.choices], required=False
    )
    year = forms.ModelChoiceField(
        label="Учебный год",
        queryset=AcademicYear.objects.order_by("-starts_on"),
        required=False,
        empty_label="все годы",
    )

    def apply(self, events):
        if not self.is_valid():
            return events
        if level := self.cleaned_data["level"]:
            events = events.filter(level=level)
        if year := self.cleaned_data["year"]:
            events = events.filter(ends_on__gte=year.starts_on, ends_on__lte=year.ends_on)
        return events
