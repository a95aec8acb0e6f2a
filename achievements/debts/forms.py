from django import forms

from achievements.attestation import NOT_ATTESTED
from achievements.models import DebtStatus
from common.text import RefusesControlCharacters
from learners.models import ScaleKind, StudyGroup, Subject
from learners.terms import current_terms

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ALL = "all"


class DebtFilterForm(forms.Form):
    """The list's filters; a value that is not one of the choices is ignored (links
    come from bookmarks), so the form only cleans."""

    status = forms.ChoiceField(
        label="Состояние",
        required=False,
        choices=[(DebtStatus.OPEN, "Не ликвидированные"), (DebtStatus.CLOSED, "Ликвидированные"),
                 (DebtStatus.CANCELLED, "Отменённые"), (ALL, "Все")],
    )  # fmt: skip
    group = forms.ModelChoiceField(
        label="Класс", required=False, queryset=None, empty_label="Все классы"
    )
    subject = forms.ModelChoiceField(
        label="Предмет", required=False, queryset=None, empty_label="Все предметы"
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        terms = current_terms()
        self.fields["group"].label, self.fields["group"].empty_label = (
            terms["Group"],
            terms["all_groups"],
        )
        self.fields["group"].queryset = StudyGroup.objects.filter(pk__in=groups).order_by(
            "-year__starts_on", "grade", "name"
        )
        self.fields["subject"].queryset = Subject.objects.order_by("name")

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or DebtStatus.OPEN
        return {
            "status": "" if status == ALL else status,
            "group": data.get("group"),
            "subject": data.get("subject"),
        }


class DebtAttemptForm(RefusesControlCharacters, forms.Form):
    held_on = forms.DateField(
        label="Дата пересдачи",
        widget=DATE_WIDGET,
        error_messages={"required": "Укажите дату пересдачи.", "invalid": "Дата не распознана."},
    )
    value = forms.CharField(
        label="Результат",
        max_length=10,
        error_messages={"required": "Укажите результат пересдачи."},
    )
    commission = forms.CharField(
        label="Комиссия",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Вторую пересдачу принимает комиссия не менее чем из трёх педагогов: "
        "фамилии и инициалы через запятую или каждого с новой строки.",
    )

    def __init__(self, *args, debt, **kwargs):
        super().__init__(*args, **kwargs)
        scale = debt.subject.grading_scale
        codes = [v.code for v in scale.values.all() if v.is_enabled and not v.is_special] + [
            NOT_ATTESTED
        ]
        if scale.kind == ScaleKind.POINTS:
            self.fields[
                "value"
            ].help_text = f"Баллы от {scale.min_points} до {scale.max_points} или {NOT_ATTESTED}."
        else:
            self.fields["value"] = forms.ChoiceField(
                label="Результат",
                choices=[("", "— результат —")] + [(code, code) for code in codes],
                error_messages={
                    "required": "Укажите результат пересдачи.",
                    "invalid_choice": "Выберите результат из шкалы предмета.",
                },
            )


class DebtDeadlineForm(forms.Form):
    deadline = forms.DateField(
        label="Срок ликвидации",
        widget=DATE_WIDGET,
        help_text="Не позднее одного года с момента возникновения задолженности.",
        error_messages={"required": "Укажите срок.", "invalid": "Дата не распознана."},
    )
