"""Forms of the documents pages: a family's request, a request registered by the office,
a refusal or withdrawal, a duplicate, and the filters of the register and the log."""

from django import forms

from archive.documents.kinds import kind_choices
from archive.models import REQUESTABLE, Delivery, DocumentKind, RequestChannel, RequestStatus
from common.text import refuse_control_characters
from learners.terms import current_terms

KIND_CHOICES = [(kind.value, kind.label) for kind in REQUESTABLE]
OFFICE_CHANNELS = [(c.value, c.label) for c in RequestChannel if c != RequestChannel.ONLINE]


class FamilyRequestForm(forms.Form):
    kind = forms.ChoiceField(label="Документ", choices=KIND_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices(REQUESTABLE)

    purpose = forms.CharField(
        label="Для чего нужен документ",
        max_length=300,
        validators=[refuse_control_characters],
        help_text="Например: «для предъявления по месту работы родителя».",
    )
    delivery = forms.ChoiceField(
        label="Как получить", choices=Delivery.choices, initial=Delivery.ACCOUNT
    )


class OfficeRequestForm(FamilyRequestForm):
    """A request made in person, by phone or by post. The applicant is chosen among the
    learner and their legal representatives, never typed (R-SEC-1)."""

    applicant = forms.ChoiceField(label="Заявитель")
    channel = forms.ChoiceField(label="Как поступил запрос", choices=OFFICE_CHANNELS)

    field_order = ["applicant", "channel", "kind", "purpose", "delivery"]

    def __init__(self, *args, applicants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].choices = applicants


class ReasonForm(forms.Form):
    status = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Причина",
        max_length=500,
        required=False,
        validators=[refuse_control_characters],
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DuplicateForm(forms.Form):
    recipient = forms.CharField(
        label="Кому выдаётся дубликат", max_length=300, validators=[refuse_control_characters]
    )
    reason = forms.CharField(
        label="Причина выдачи дубликата",
        max_length=300,
        validators=[refuse_control_characters],
        help_text="Например: «утрата оригинала».",
    )


class RegisterFilter(forms.Form):
    kind = forms.ChoiceField(
        label="Вид документа", required=False, choices=[("", "Все"), *DocumentKind.choices]
    )
    year = forms.IntegerField(label="Год", required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label="Обучающийся или документ", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = f"{current_terms()['Learner']} или документ"
        self.fields["kind"].choices = [("", "Все"), *kind_choices()]


class RequestFilter(forms.Form):
    status = forms.ChoiceField(
        label="Состояние", required=False, choices=[("", "Все"), *RequestStatus.choices]
    )


class DisclosureFilter(forms.Form):
    q = forms.CharField(label="Обучающийся", required=False, max_length=100)
    since = forms.DateField(
        label="С", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="По", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = current_terms()["Learner"]
