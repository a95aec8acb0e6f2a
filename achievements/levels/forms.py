"""The levels grid as one form: per learner a level, a date and a comment, with what
the page showed and the version kept beside them for the service's checks."""

from django import forms

from achievements.journal.reasons import REASON_MAX_LENGTH
from achievements.levels.selectors import Grid
from achievements.levels.services import COMMENT_MAX_LENGTH, RowInput, level_error

STALE = "Страница устарела: откройте уровни заново."
DATE_ERROR = "Дата указана неверно: нужна дата вида 01.12.2026."
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class HiddenDate(forms.DateInput):
    input_type = "hidden"


def field_name(learner_id: int, what: str) -> str:
    return f"{what}_{learner_id}"


def _date(**kwargs) -> forms.DateField:
    return forms.DateField(
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": DATE_ERROR},
        **kwargs,
    )


class LevelsGridForm(forms.Form):
    reason = forms.CharField(
        label="Причина изменения",
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text="Нужна, чтобы изменить или снять уже записанный уровень; попадёт в историю.",
    )

    def __init__(self, data=None, *, grid: Grid, default_date=None):
        super().__init__(data)
        self.grid = grid
        choices = [("", "—"), *[(v.code, f"{v.code} — {v.label}") for v in grid.values]]
        for row in grid.rows:
            pk = row.learner.pk
            name = row.learner.short_name
            self.fields[field_name(pk, "level")] = forms.ChoiceField(
                label=f"{name}: уровень",
                choices=choices,
                required=False,
                initial=row.level,
                error_messages={"invalid_choice": f"{name}: {level_error(grid.values)}"},
            )
            self.fields[field_name(pk, "date")] = _date(
                label=f"{name}: дата",
                initial=row.checked_on or default_date,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
            self.fields[field_name(pk, "comment")] = forms.CharField(
                label=f"{name}: комментарий",
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                initial=row.comment,
            )
            self.fields[field_name(pk, "was_level")] = forms.CharField(
                required=False, initial=row.level, widget=forms.HiddenInput
            )
            self.fields[field_name(pk, "was_date")] = _date(
                initial=row.checked_on,
                widget=HiddenDate(format="%Y-%m-%d"),
            )
            self.fields[field_name(pk, "was_comment")] = forms.CharField(
                required=False, initial=row.comment, widget=forms.HiddenInput, strip=False
            )
            self.fields[field_name(pk, "version")] = forms.IntegerField(
                min_value=0,
                initial=row.version,
                widget=forms.HiddenInput,
                error_messages={"invalid": STALE, "min_value": STALE, "required": STALE},
            )

    def rows(self):
        """The grid's rows with their bound fields, for the template."""
        for row in self.grid.rows:
            pk = row.learner.pk
            yield (
                row,
                {what: self[field_name(pk, what)] for what in (
                    "level", "date", "comment", "was_level", "was_date", "was_comment", "version"
                )},
            )  # fmt: skip

    def inputs(self) -> list[RowInput]:
        data = self.cleaned_data
        return [
            RowInput(
                learner_id=row.learner.pk,
                level=data[field_name(row.learner.pk, "level")],
                checked_on=data[field_name(row.learner.pk, "date")],
                comment=data[field_name(row.learner.pk, "comment")],
                was_level=data[field_name(row.learner.pk, "was_level")],
                was_checked_on=data[field_name(row.learner.pk, "was_date")],
                was_comment=data[field_name(row.learner.pk, "was_comment")],
                version=data[field_name(row.learner.pk, "version")],
            )
            for row in self.grid.rows
        ]
