"""Forms of the final attestation: the commission (its members as repeated rows) and
the results grid, a row per listener with the version the page showed. They validate
only the shape; the rules are the services'."""

from django import forms

from achievements.final_attestation.selectors import Grid
from achievements.final_attestation.services import SCALE_KINDS, RowInput
from achievements.journal.reasons import REASON_MAX_LENGTH
from common.text import RefusesControlCharacters, guard_text_field
from learners.models import GradingScale

MEMBER_ROWS = 6
STALE = "Страница устарела: откройте её заново."


class CommissionForm(RefusesControlCharacters, forms.Form):
    held_on = forms.DateField(
        label="Дата заседания",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Укажите дату заседания.", "invalid": "Дата не распознана."},
    )
    order_reference = forms.CharField(
        label="Приказ о составе комиссии (номер, дата)", max_length=200, required=False
    )
    chair_name = forms.CharField(label="Председатель: ФИО", max_length=300, required=False)
    chair_position = forms.CharField(
        label="Председатель: должность, организация",
        max_length=300,
        required=False,
        help_text="Председателем часто бывает представитель работодателя.",
    )
    scale = forms.ModelChoiceField(
        label="Шкала оценок",
        queryset=GradingScale.objects.filter(kind__in=SCALE_KINDS).order_by("name"),
        error_messages={"required": "Выберите шкалу оценок.", "invalid_choice": "Нет такой шкалы."},
    )
    version = forms.IntegerField(
        min_value=0,
        initial=0,
        widget=forms.HiddenInput,
        error_messages={"invalid": STALE, "min_value": STALE, "required": STALE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, MEMBER_ROWS + 1):
            self.fields[f"member_name_{n}"] = forms.CharField(
                label=f"Член комиссии {n}: ФИО", max_length=300, required=False
            )
            self.fields[f"member_position_{n}"] = forms.CharField(
                label=f"Член комиссии {n}: должность", max_length=300, required=False
            )
            guard_text_field(self.fields[f"member_name_{n}"])
            guard_text_field(self.fields[f"member_position_{n}"])

    def member_rows(self):
        return [
            (self[f"member_name_{n}"], self[f"member_position_{n}"])
            for n in range(1, MEMBER_ROWS + 1)
        ]

    def members(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (data[f"member_name_{n}"], data[f"member_position_{n}"])
            for n in range(1, MEMBER_ROWS + 1)
        ]

    @staticmethod
    def initial_of(commission) -> dict:
        initial = {
            "held_on": commission.held_on,
            "order_reference": commission.order_reference,
            "chair_name": commission.chair_name,
            "chair_position": commission.chair_position,
            "scale": commission.scale_id,
            "version": commission.version,
        }
        for n, member in enumerate(commission.members.all(), start=1):
            initial[f"member_name_{n}"] = member.full_name
            initial[f"member_position_{n}"] = member.position
        return initial


TEXT_FIELDS = {"form": 200, "work_topic": 500, "qualification": 300}


def field_name(name: str, learner_id: int) -> str:
    return f"{name}_{learner_id}"


class ResultsForm(forms.Form):
    reason = forms.CharField(
        label="Причина изменения",
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text="Обязательна, если меняется уже записанный результат.",
    )

    def __init__(self, data=None, *, grid: Grid):
        super().__init__(data)
        guard_text_field(self.fields["reason"])
        self.grid = grid
        marks = [("", "—"), *((code, code) for code in grid.marks)]
        for row in grid.rows:
            pk, who = row.learner.pk, row.learner.short_name
            for name, limit in TEXT_FIELDS.items():
                self.fields[field_name(name, pk)] = guard_text_field(
                    forms.CharField(
                        label=f"{who}: {_LABELS[name]}",
                        max_length=limit,
                        required=False,
                        initial=row.values[name],
                    )
                )
            for name in ("work_mark", "final_mark"):
                self.fields[field_name(name, pk)] = forms.ChoiceField(
                    label=f"{who}: {_LABELS[name]}",
                    choices=marks,
                    required=False,
                    initial=row.values[name],
                    error_messages={"invalid_choice": "Выберите оценку из шкалы комиссии."},
                )
            self.fields[field_name("version", pk)] = forms.IntegerField(
                min_value=0,
                initial=row.version,
                widget=forms.HiddenInput,
                error_messages={"invalid": STALE, "min_value": STALE, "required": STALE},
            )

    def rows(self):
        for row in self.grid.rows:
            pk = row.learner.pk
            yield (
                row,
                {
                    name: self[field_name(name, pk)]
                    for name in (*TEXT_FIELDS, "work_mark", "final_mark", "version")
                },
            )

    def inputs(self) -> list[RowInput]:
        data = self.cleaned_data
        return [
            RowInput(
                learner_id=row.learner.pk,
                **{
                    name: data[field_name(name, row.learner.pk)]
                    for name in (*TEXT_FIELDS, "work_mark", "final_mark", "version")
                },
            )
            for row in self.grid.rows
        ]


_LABELS = {
    "form": "форма аттестации",
    "work_topic": "тема квалификационной работы",
    "work_mark": "оценка за работу",
    "final_mark": "итоговая оценка",
    "qualification": "присвоенная квалификация",
}
