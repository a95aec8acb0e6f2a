from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from common.text import RefusesControlCharacters
from learners import services
from learners.models import Enrollment, StudyForm, StudyGroup


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
