from django import forms

from achievements.models import ExternalKind
from common.text import RefusesControlCharacters
from learners.models import AcademicYear, Subject

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _numbers(text: str, what: str) -> list[int]:
    result = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise forms.ValidationError(f"{what}: «{part}» — не целое число.")
        result.append(int(part))
    return result


class AssessmentForm(RefusesControlCharacters, forms.Form):
    kind = forms.ChoiceField(label="Вид", choices=ExternalKind.choices)
    title = forms.CharField(
        label="Наименование",
        max_length=200,
        error_messages={"required": "Укажите наименование."},
    )
    subject = forms.ModelChoiceField(
        label="Предмет",
        queryset=None,
        error_messages={"required": "Выберите предмет.", "invalid_choice": "Выберите предмет."},
    )
    grade = forms.IntegerField(
        label="Класс (год обучения)",
        min_value=1,
        max_value=11,
        error_messages={
            "required": "Укажите класс.",
            "invalid": "Класс — целое число.",
            "min_value": "Класс — от 1 до 11.",
            "max_value": "Класс — от 1 до 11.",
        },
    )
    held_on = forms.DateField(
        label="Дата проведения",
        widget=DATE_WIDGET,
        error_messages={"required": "Укажите дату.", "invalid": "Дата не распознана."},
    )
    max_score = forms.IntegerField(
        label="Максимальный балл",
        min_value=1,
        max_value=1000,
        error_messages={
            "required": "Укажите максимальный балл.",
            "invalid": "Максимальный балл — целое число.",
            "min_value": "Максимальный балл должен быть больше нуля.",
            "max_value": "Максимальный балл — не больше 1000.",
        },
    )
    task_count = forms.IntegerField(
        label="Число заданий",
        min_value=0,
        max_value=60,
        required=False,
        error_messages={
            "invalid": "Число заданий — целое число.",
            "min_value": "Число заданий не может быть отрицательным.",
            "max_value": "Заданий — не больше 60.",
        },
    )
    task_max = forms.CharField(
        label="Максимум за каждое задание",
        required=False,
        max_length=500,
        help_text="Через запятую, например: 1, 1, 2, 2. Сумма — максимальный балл.",
    )
    thresholds = forms.CharField(
        label="Шкала перевода в отметку",
        required=False,
        max_length=200,
        help_text="Наименьший балл для отметок «3», «4», «5» через запятую, например: 7, 12, 17. "
        "Ниже первого порога — «2».",
    )

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = subjects.order_by("name")

    def clean_task_max(self):
        return _numbers(self.cleaned_data["task_max"], "Максимум за задание")

    def clean_thresholds(self):
        minimums = _numbers(self.cleaned_data["thresholds"], "Порог")
        if minimums and len(minimums) != 3:
            raise forms.ValidationError("Укажите три порога: для «3», «4» и «5».")
        if not minimums:
            return []
        return [[0, "2"]] + [[m, str(mark)] for m, mark in zip(minimums, (3, 4, 5), strict=True)]

    def clean(self):
        data = super().clean()
        data["task_count"] = data.get("task_count") or 0
        task_max = data.get("task_max") or []
        if task_max and len(task_max) != data["task_count"]:
            self.add_error("task_max", "Укажите максимум для каждого задания — по числу заданий.")
        elif task_max and data.get("max_score") and sum(task_max) != data["max_score"]:
            self.add_error(
                "task_max",
                f"Сумма максимумов ({sum(task_max)}) не равна максимальному баллу "
                f"({data['max_score']}).",
            )
        thresholds = data.get("thresholds") or []
        if thresholds and data.get("max_score"):
            minimums = [m for m, _ in thresholds]
            if minimums != sorted(set(minimums)) or minimums[-1] > data["max_score"]:
                self.add_error(
                    "thresholds",
                    f"Пороги должны возрастать и не превышать максимальный балл "
                    f"({data['max_score']}).",
                )
        held_on = data.get("held_on")
        if held_on:
            year = AcademicYear.objects.filter(starts_on__lte=held_on, ends_on__gte=held_on).first()
            if year is None:
                self.add_error("held_on", "Дата не попадает ни в один учебный год.")
            data["year"] = year
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Файл XLSX",
        error_messages={"required": "Выберите файл.", "empty": "Файл пуст."},
    )


def subjects_for(user):
    from learners.access import has_role, teaching_assignments
    from learners.models import Role

    if has_role(user, Role.DEPUTY):
        return Subject.objects.all()
    return Subject.objects.filter(pk__in=teaching_assignments(user).values("subject_id"))
