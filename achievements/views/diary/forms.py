from datetime import date

from django import forms

# Far enough for any school record; keeps a week's arithmetic away from date.min/max.
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


class WeekForm(forms.Form):
    date = forms.DateField(
        label="Неделя, в которую входит дата",
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"invalid": "Дата указана неверно: нужна дата вида 01.12.2026."},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                f"Дата должна быть между {EARLIEST:%d.%m.%Y} и {LATEST:%d.%m.%Y}."
            )
        return value
