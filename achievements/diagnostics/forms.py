"""The diagnostics grid as one form: a select per learner × group of УУД, with the
level and the version the page showed kept beside it for the service's checks."""

from django import forms

from achievements.diagnostics.selectors import Grid
from achievements.diagnostics.services import LEVEL_ERROR, CellInput
from achievements.journal.reasons import REASON_MAX_LENGTH
from achievements.models import DiagnosticLevel


def cell_name(learner_id: int, kind: str) -> str:
    return f"level_{learner_id}_{kind}"


class DiagnosticsGridForm(forms.Form):
    reason = forms.CharField(
        label="Причина изменения",
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text="Необязательно: попадёт в историю изменённых уровней.",
    )

    def __init__(self, data=None, *, grid: Grid):
        super().__init__(data)
        self.grid = grid
        choices = [("", "—"), *DiagnosticLevel.choices]
        for row in grid.rows:
            for cell in row.cells:
                name = cell_name(row.learner.pk, cell.kind.value)
                self.fields[name] = forms.ChoiceField(
                    label=f"{row.learner.short_name}: {cell.kind.label.lower()}",
                    choices=choices,
                    required=False,
                    initial=cell.level,
                    disabled=grid.closed,
                    error_messages={"invalid_choice": LEVEL_ERROR},
                )
                self.fields[f"was_{name}"] = forms.CharField(
                    required=False, initial=cell.level, widget=forms.HiddenInput
                )
                self.fields[f"version_{name}"] = forms.IntegerField(
                    min_value=0,
                    initial=cell.version,
                    widget=forms.HiddenInput,
                    error_messages={
                        "invalid": "Страница устарела: откройте диагностику заново.",
                        "min_value": "Страница устарела: откройте диагностику заново.",
                        "required": "Страница устарела: откройте диагностику заново.",
                    },
                )

    def rows(self):
        """The grid's rows with their bound fields, for the template."""
        for row in self.grid.rows:
            yield (
                row,
                [
                    (
                        cell,
                        self[cell_name(row.learner.pk, cell.kind.value)],
                        self[f"was_{cell_name(row.learner.pk, cell.kind.value)}"],
                        self[f"version_{cell_name(row.learner.pk, cell.kind.value)}"],
                    )
                    for cell in row.cells
                ],
            )

    def cells(self) -> list[CellInput]:
        data = self.cleaned_data
        return [
            CellInput(
                learner_id=row.learner.pk,
                kind=cell.kind.value,
                level=data[cell_name(row.learner.pk, cell.kind.value)],
                was=data[f"was_{cell_name(row.learner.pk, cell.kind.value)}"],
                version=data[f"version_{cell_name(row.learner.pk, cell.kind.value)}"],
            )
            for row in self.grid.rows
            for cell in row.cells
        ]
