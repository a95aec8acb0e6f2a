"""Forms of the consent pages: they parse and validate input; the rules are in
learners.consent."""

from django import forms
from django.utils import timezone

from common.text import RefusesControlCharacters
from learners.consent import NOTE_LENGTH, REASON_LENGTH
from learners.models import BASE_SCOPE, ConsentScope, Guardian
from learners.terms import current_terms

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def scope_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="На что даётся согласие",
        choices=ConsentScope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[BASE_SCOPE.value],
        error_messages={"required": "Отметьте, на что даётся согласие."},
        help_text=f"«{BASE_SCOPE.label.capitalize()}» — обязательная цель.",
    )


class ConsentForm(RefusesControlCharacters, forms.Form):
    """A consent recorded by the office or the class teacher from a signed form."""

    giver = forms.ModelChoiceField(
        label="Кто дал согласие",
        queryset=Guardian.objects.none(),
        required=False,
        empty_label="Сам обучающийся (совершеннолетний)",
    )
    scopes = scope_field()
    given_on = forms.DateField(label="Дата согласия", **DATE_WIDGET)
    paper = forms.BooleanField(
        label="Подписанный бланк хранится в личном деле", required=False, initial=True
    )
    note = forms.CharField(label="Примечание", max_length=NOTE_LENGTH, required=False)

    def __init__(self, *args, learner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["giver"].queryset = learner.guardians.order_by("last_name", "first_name")
        self.fields["given_on"].initial = timezone.localdate()


class FamilyConsentForm(forms.Form):
    """A parent's consent online: only what it covers; the giver and the date are theirs."""

    scopes = scope_field()


class WithdrawForm(RefusesControlCharacters, forms.Form):
    reason = forms.CharField(
        label="Основание отзыва",
        max_length=REASON_LENGTH,
        required=False,
        help_text="Для отзыва по заявлению — его реквизиты.",
    )
    on = forms.DateField(label="Дата отзыва", required=False, **DATE_WIDGET)


class ConsentFilter(forms.Form):
    group = forms.ModelChoiceField(
        label="Класс", queryset=None, required=False, empty_label="Все классы"
    )
    missing = forms.BooleanField(label="Только без согласия", required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        terms = current_terms()
        self.fields["group"].label, self.fields["group"].empty_label = (
            terms["Group"],
            terms["all_groups"],
        )
        self.fields["group"].queryset = groups
