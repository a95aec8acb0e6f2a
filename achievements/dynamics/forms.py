from django import forms


class SpanForm(forms.Form):
    """The span of dates of a learner's dynamics (``?from=…&to=…``); either end may be
    left out and is then taken from the learner's whole record."""

    start = forms.DateField(
        label="С",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Дата «с» указана неверно: нужна дата вида 2025-09-01."},
    )
    end = forms.DateField(
        label="По",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Дата «по» указана неверно: нужна дата вида 2026-05-31."},
    )

    def __init__(self, data=None, **kwargs):
        # The query string names the fields «from» and «to»: words Python keeps.
        if data is not None:
            data = {"start": data.get("from", ""), "end": data.get("to", "")}
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError("Дата «с» позже даты «по»: показан весь период обучения.")
        return cleaned
