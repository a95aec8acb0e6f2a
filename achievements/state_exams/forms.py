from django import forms

from achievements.models import StateExamKind
from achievements.state_exams.rules import GRADES


class PageForm(forms.Form):
    """Which page of state exam results to open: the kind, the subject and the class of
    the chosen year. A class must be of the forms that sit the kind (ОГЭ: 9th, ЕГЭ: 11th)."""

    kind = forms.ChoiceField(
        label="Форма ГИА",
        choices=StateExamKind.choices,
        error_messages={"required": "Выберите форму ГИА.", "invalid_choice": "Выберите форму ГИА."},
    )
    subject = forms.ModelChoiceField(
        label="Предмет",
        queryset=None,
        error_messages={"required": "Выберите предмет.", "invalid_choice": "Выберите предмет."},
    )
    group = forms.ModelChoiceField(
        label="Класс",
        queryset=None,
        error_messages={"required": "Выберите класс.", "invalid_choice": "Выберите класс."},
    )

    def __init__(self, *args, subjects, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = subjects
        self.fields["group"].queryset = groups
        self.fields["group"].label_from_instance = lambda group: group.name

    def clean(self):
        data = super().clean()
        kind, group = data.get("kind"), data.get("group")
        if kind and group and group.grade not in GRADES[StateExamKind(kind)]:
            grades = " или ".join(f"{g}-е" for g in GRADES[StateExamKind(kind)])
            self.add_error(
                "group",
                f"{StateExamKind(kind).label} сдают {grades} классы: выберите другой класс.",
            )
        return data
