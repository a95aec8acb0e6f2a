"""Forms of the archive's pages. They validate the shape of the input only; whether a
period may be archived, a move taken or a file destroyed is the services' to say."""

from django import forms

from archive.models import ArchiveFile, DestructionStatus, TransferStatus
from learners.models import AcademicYear, StudyGroup, StudyPeriod
from learners.terms import current_terms

WHOLE, CHOSEN = "whole", "groups"
YEAR_PREFIX, PERIOD_PREFIX = "year-", "period-"


def target_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """What can be archived, newest year first: each period of a year, and the year
    itself (its year and final marks)."""
    periods: dict[int, list[StudyPeriod]] = {}
    for period in StudyPeriod.objects.order_by("starts_on"):
        periods.setdefault(period.year_id, []).append(period)
    choices = []
    for year in AcademicYear.objects.order_by("-starts_on"):
        options = [
            (
                f"{PERIOD_PREFIX}{p.pk}",
                f"{p.name} ({p.starts_on:%d.%m.%Y}–{p.ends_on:%d.%m.%Y})",
            )
            for p in periods.get(year.pk, [])
        ]
        options.append((f"{YEAR_PREFIX}{year.pk}", f"Учебный год {year.name}: годовые отметки"))
        choices.append((f"{year.name} учебный год", options))
    return choices


class GroupChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, group):
        return f"{group.name} ({group.year.name})"


class SnapshotStartForm(forms.Form):
    target = forms.ChoiceField(
        label="Что архивировать",
        error_messages={"required": "Выберите период или учебный год."},
    )
    scope = forms.ChoiceField(
        label="Классы",
        choices=[(WHOLE, "Вся организация"), (CHOSEN, "Выбранные классы")],
        widget=forms.RadioSelect,
        initial=WHOLE,
        error_messages={"required": "Выберите: вся организация или выбранные классы."},
    )
    # Not required here: «no class chosen» is refused by the service, in its words.
    groups = GroupChoiceField(
        label="Выбранные классы",
        queryset=StudyGroup.objects.select_related("year").order_by(
            "-year__starts_on", "grade", "name"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Такого класса нет. Обновите страницу.",
            "invalid_pk_value": "Такого класса нет. Обновите страницу.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "— выберите —"), *target_choices()]
        # The class-level labels are a school's; the organisation's words replace them.
        words = current_terms()
        chosen = f"Выбранные {words['groups']}"
        self.fields["scope"].label = words["Groups"]
        self.fields["scope"].choices = [(WHOLE, "Вся организация"), (CHOSEN, chosen)]
        self.fields["scope"].error_messages["required"] = (
            f"Выберите: вся организация или выбранные {words['groups']}."
        )
        self.fields["groups"].label = chosen
        missing = f"{words['no_such_group']}. Обновите страницу."
        self.fields["groups"].error_messages["invalid_choice"] = missing
        self.fields["groups"].error_messages["invalid_pk_value"] = missing

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target", "")
        number = int(target.split("-", 1)[1]) if "-" in target else None
        if target.startswith(PERIOD_PREFIX):
            period = StudyPeriod.objects.select_related("year").filter(pk=number).first()
            if period is None:
                raise forms.ValidationError("Такого периода нет. Обновите страницу.")
            cleaned["year"], cleaned["period"] = period.year, period
        elif target.startswith(YEAR_PREFIX):
            year = AcademicYear.objects.filter(pk=number).first()
            if year is None:
                raise forms.ValidationError("Такого учебного года нет. Обновите страницу.")
            cleaned["year"], cleaned["period"] = year, None
        return cleaned

    def chosen_groups(self):
        """None for the whole organisation, else the ticked classes (maybe none)."""
        if self.cleaned_data["scope"] == WHOLE:
            return None
        return list(self.cleaned_data["groups"])


class MoveForm(forms.Form):
    """A step of a workflow: the target status and, where the edge asks, a comment."""

    to = forms.ChoiceField(error_messages={"required": "Шаг не указан. Обновите страницу."})
    comment = forms.CharField(
        label="Комментарий",
        required=False,
        max_length=500,
        error_messages={"max_length": "Комментарий — не длиннее 500 знаков."},
    )

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = statuses.choices
        self.fields["to"].error_messages["invalid_choice"] = "Такого шага нет. Обновите страницу."


def transfer_form(data=None) -> MoveForm:
    return MoveForm(data, statuses=TransferStatus)


def destruction_form(data=None) -> MoveForm:
    return MoveForm(data, statuses=DestructionStatus)


class DestructionActForm(forms.Form):
    # Not required here: the service says «Отметьте файлы…» in the archive's words.
    files = forms.ModelMultipleChoiceField(
        queryset=ArchiveFile.objects.all(),
        required=False,
        error_messages={
            "invalid_choice": "Такого файла нет. Обновите страницу.",
            "invalid_pk_value": "Такого файла нет. Обновите страницу.",
        },
    )
