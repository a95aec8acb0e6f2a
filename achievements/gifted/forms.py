from django import forms

from achievements.credits import CREDITED
from achievements.gifted import selectors
from common.text import RefusesControlCharacters
from learners.models import StudyPeriod

YEAR = "year"


class AchievementChoice(forms.ModelChoiceField):
    def label_from_instance(self, achievement):
        return (
            f"{achievement.title} — {achievement.get_result_display().lower()}, "
            f"{achievement.get_level_display().lower()}, {achievement.date:%d.%m.%Y}"
        )


class GiftedCreditForm(RefusesControlCharacters, forms.Form):
    achievement = AchievementChoice(
        label="Достижение",
        queryset=None,
        empty_label="— выберите достижение —",
        error_messages={"invalid_choice": "Выберите подтверждённое достижение из списка."},
    )
    subject = forms.ModelChoiceField(
        label="Предмет",
        queryset=None,
        empty_label="— выберите предмет —",
        help_text="Только предметы учебного плана, не выносимые на ГИА.",
        error_messages={"invalid_choice": "Выберите предмет из списка."},
    )
    period = forms.ChoiceField(
        label="Период аттестации",
        error_messages={"invalid_choice": "Выберите период или «за год»."},
    )
    value = forms.ChoiceField(
        label="Отметка",
        error_messages={"invalid_choice": "Выберите отметку из списка."},
    )
    reference = forms.CharField(
        label="Основание",
        max_length=300,
        help_text="Решение или приказ: номер и дата.",
        error_messages={"required": "Укажите основание: решение или приказ."},
    )

    def __init__(self, *args, learner, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["achievement"].queryset = selectors.creditable_achievements(learner)
        subjects = selectors.creditable_subjects(learner, group)
        self.fields["subject"].queryset = subjects
        self.periods = {
            str(p.pk): p
            for p in StudyPeriod.objects.filter(year_id=group.year_id)
            .select_related("year")
            .order_by("number")
        }
        self.fields["period"].choices = [
            *((pk, period.name) for pk, period in self.periods.items()),
            (YEAR, "Учебный год (годовая отметка)"),
        ]
        values = {CREDITED}
        for subject in subjects.prefetch_related("grading_scale__values"):
            values |= {
                v.code
                for v in subject.grading_scale.values.all()
                if v.is_enabled and not v.is_special and v.is_passing
            }
        self.fields["value"].choices = [("", "— отметка —")] + [
            (v, v) for v in sorted(values, key=lambda v: (v == CREDITED, v), reverse=True)
        ]

    def clean_period(self):
        chosen = self.cleaned_data["period"]
        return None if chosen == YEAR else self.periods[chosen]
