from datetime import date, timedelta

from django import forms

# «For any span of time» (004 §1.4), but one request reads at most a year of a
# group's journal: longer spans are asked for year by year.
MAX_SPAN_DAYS = 366


def current_month(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    return first, next_month - timedelta(days=1)


class SpanForm(forms.Form):
    """The span of dates (``?from=…&to=…``); an end left out is taken from the
    current month."""

    start = forms.DateField(
        label="С",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Дата «с» указана неверно: нужна дата вида 2026-09-01."},
    )
    end = forms.DateField(
        label="По",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Дата «по» указана неверно: нужна дата вида 2026-09-30."},
    )

    def __init__(self, query, *, today: date):
        # The query string names the fields «from» and «to»: words Python keeps.
        self.default_start, self.default_end = current_month(today)
        # The page's own form submits its fields' names (start, end); links and the
        # XLSX use «from» and «to». Either works.
        data = {
            "start": query.get("from") or query.get("start") or self.default_start.isoformat(),
            "end": query.get("to") or query.get("end") or self.default_end.isoformat(),
        }
        super().__init__(data)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError("Дата «с» позже даты «по».")
            if (end - start).days + 1 > MAX_SPAN_DAYS:
                raise forms.ValidationError(
                    "Промежуток не может быть длиннее года: выберите не более 366 дней."
                )
        return cleaned
