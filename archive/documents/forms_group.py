"""Forms of the group documents, the book of certificates and the blank calibration.
They validate only; the services decide."""

from django import forms
from django.utils import timezone

from archive.documents.content.group import group_subjects
from common.text import RefusesControlCharacters
from learners.models import Learner, Organisation, OrganisationKind, Subject

IN_FILE = "В дело (номенклатура дел организации)"
TO_COUNCIL = "Педагогическому совету"
ISSUE_ACTION = "issue"


def scope_choices(group, *, final: bool) -> list[tuple[str, str]]:
    choices = [(f"p{p.pk}", p.name) for p in group.year.periods.order_by("number")]
    choices.append(("year", "Учебный год (годовые отметки)"))
    if final:
        choices.append(("final", "Итоговые отметки"))
    return choices


class GroupDocumentForm(RefusesControlCharacters, forms.Form):
    recipient = forms.CharField(label="Кому (куда) выдаётся", max_length=300, required=False)

    def __init__(self, *args, group, default_recipient: str = IN_FILE, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["recipient"].initial = default_recipient

    def period(self):
        scope = self.cleaned_data.get("scope", "")
        if scope.startswith("p"):
            return self.group.year.periods.filter(pk=scope[1:]).first()
        return None


class AttestationForm(GroupDocumentForm):
    subject = forms.ModelChoiceField(label="Предмет", queryset=None, empty_label=None)
    scope = forms.ChoiceField(label="Аттестация")
    field_order = ["subject", "scope", "recipient"]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, group=group, **kwargs)
        self.fields["subject"].queryset = Subject.objects.filter(
            pk__in=[subject.pk for subject in group_subjects(group)]
        ).order_by("name")
        self.fields["scope"].choices = scope_choices(group, final=True)
        organisation = Organisation.objects.first()
        if organisation is not None and organisation.kind == OrganisationKind.TRAINING:
            self.fields["subject"].label = "Дисциплина"

    def options(self) -> dict:
        scope = self.cleaned_data["scope"]
        if scope.startswith("p"):
            return {"mark_kind": "period"}
        return {"mark_kind": scope}


class SummaryForm(GroupDocumentForm):
    scope = forms.ChoiceField(label="Период")
    field_order = ["scope", "recipient"]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, group=group, **kwargs)
        self.fields["scope"].choices = scope_choices(group, final=False)


class GraduatesForm(GroupDocumentForm):
    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, group=group, default_recipient=TO_COUNCIL, **kwargs)


class CertificateForm(RefusesControlCharacters, forms.Form):
    learner = forms.ModelChoiceField(label="Выпускник", queryset=Learner.objects.none())
    document_title = forms.CharField(label="Документ", max_length=200)
    series = forms.CharField(label="Серия бланка", max_length=20, required=False)
    blank_number = forms.CharField(label="Номер бланка", max_length=30, required=False)
    issued_on = forms.DateField(
        label="Дата выдачи", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    received_by = forms.CharField(label="Кому выдан (кто получил)", max_length=300, required=False)
    with_honours = forms.BooleanField(label="С отличием", required=False)

    def __init__(self, *args, learners, document_title: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].queryset = learners
        self.fields["learner"].label_from_instance = lambda learner: learner.full_name
        self.fields["document_title"].initial = document_title
        self.fields["issued_on"].initial = timezone.localdate()


class DuplicateForm(RefusesControlCharacters, forms.Form):
    series = forms.CharField(label="Серия бланка", max_length=20, required=False)
    blank_number = forms.CharField(label="Номер бланка", max_length=30, required=False)
    issued_on = forms.DateField(
        label="Дата выдачи", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    received_by = forms.CharField(label="Кому выдан", max_length=300, required=False)
    reason = forms.CharField(label="Причина выдачи дубликата", max_length=300, required=False)


class CalibrationForm(forms.Form):
    # Text, not a number field: the service reads «1,5» and «1.5» alike and says in
    # Russian what is wrong with anything else.
    offset_x_mm = forms.CharField(label="Сдвиг вправо, мм (минус — влево)", max_length=10)
    offset_y_mm = forms.CharField(label="Сдвиг вниз, мм (минус — вверх)", max_length=10)
