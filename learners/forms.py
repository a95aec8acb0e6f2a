from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from common.text import RefusesControlCharacters
from learners import services
from learners.models import Enrollment, Learner, LearnerStatus, StudyForm, StudyGroup, StudyPeriod


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Неверное имя пользователя или пароль. Проверьте раскладку и Caps Lock.",
        "inactive": "Учётная запись отключена. Обратитесь к администратору.",
    }

    def clean_username(self):
        # AuthenticationForm sets the field's max_length after the validators are made,
        # so nothing checked it: an overlong name went on to the failed-login record
        # (varchar 255), a server error on PostgreSQL.
        username = self.cleaned_data["username"]
        limit = self.fields["username"].max_length
        if limit is not None and len(username) > limit:
            raise ValidationError(f"Имя пользователя — не длиннее {limit} символов.")
        return username


class EnrollmentAdminForm(RefusesControlCharacters, forms.ModelForm):
    class Meta:
        model = Enrollment
        fields = ["learner", "group", "study_form", "customer", "started_on", "order_reference"]

    def clean(self):
        data = super().clean()
        learner, group, started_on = (data.get(k) for k in ("learner", "group", "started_on"))
        if self.instance.pk is None and learner and group and started_on:
            try:
                services.enrollment_check_open(learner=learner, group=group, started_on=started_on)
            except ValidationError as error:
                self.add_error(None, error)
        return data


class TransferForm(RefusesControlCharacters, forms.Form):
    to_group = forms.ModelChoiceField(
        label="Перевести в класс (группу)",
        queryset=StudyGroup.objects.select_related("year").order_by(
            "-year__starts_on", "grade", "name"
        ),
    )
    on = forms.DateField(label="Дата перевода", widget=forms.DateInput(attrs={"type": "date"}))
    study_form = forms.ChoiceField(
        label="Форма обучения", choices=[("", "не меняется"), *StudyForm.choices], required=False
    )
    reason = forms.CharField(label="Основание", max_length=300)
    order_reference = forms.CharField(label="Приказ (номер, дата)", max_length=100, required=False)


class StudyPeriodInlineForm(forms.ModelForm):
    """One period in the inline of its year; StudyPeriodFormSet places it among the
    year's other periods."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Compared with the database alone, a period would be refused for a neighbour
        # that the same submission moves out of its way.
        self.instance.siblings_checked_by_formset = True


class StudyPeriodFormSet(forms.BaseInlineFormSet):
    """A year's periods as the submission leaves them: each inside the year and apart
    from the others. The database triggers check every row as it is saved, and the
    formset saves changed and deleted periods first, in their order, then new ones:
    the rows are checked in that order too, so what passes here saves."""

    def clean(self):
        super().clean()
        year = self.instance
        if any(self.errors) or not (year.starts_on and year.ends_on):
            return
        standing = {form.prefix: self._period(form.initial) for form in self.initial_forms}
        for form in self.initial_forms:
            if self._should_delete_form(form):
                del standing[form.prefix]
            elif form.has_changed():
                self._place(form, standing)
        for form in self.extra_forms:
            if form.has_changed() and not self._should_delete_form(form):
                self._place(form, standing)

    def _period(self, values) -> StudyPeriod:
        return StudyPeriod(
            year=self.instance,
            number=values["number"],
            starts_on=values["starts_on"],
            ends_on=values["ends_on"],
        )

    def _place(self, form, standing: dict[str, StudyPeriod]) -> None:
        period = self._period(form.cleaned_data)
        others = [other for prefix, other in standing.items() if prefix != form.prefix]
        error = period.placement_error(self.instance, others)
        if error is not None:
            form.add_error(None, error)
        else:
            standing[form.prefix] = period


class LearnerAdminForm(RefusesControlCharacters, forms.ModelForm):
    """The learner's card. The status is shown, not edited: a new status is chosen
    here with its grounds and set through services.learner_status_change, which keeps
    the history."""

    new_status = forms.ChoiceField(label="Новый статус", required=False)
    status_reason = forms.CharField(
        label="Основание смены статуса",
        required=False,
        max_length=services.REASON_LENGTH,
        help_text="Приказ или заявление, например «Приказ № 45-о от 12.01.2027».",
    )

    class Meta:
        model = Learner
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "birth_date",
            "sex",
            "personal_file_number",
            "status",
            "user",
            "is_gifted_registered",
            "needs_special_conditions",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status
        self.fields["new_status"].choices = [("", "не менять")] + [
            (value, label) for value, label in LearnerStatus.choices if value != current
        ]

    def clean(self):
        data = super().clean()
        status, reason = data.get("new_status"), data.get("status_reason", "")
        if "status_reason" in self.errors:
            return data
        if status:
            try:
                services.learner_status_check(learner=self.instance, status=status, reason=reason)
            except ValidationError as error:
                self.add_error("status_reason", error)
        elif reason and reason.strip():
            self.add_error("new_status", "Выберите новый статус или сотрите основание.")
        return data
