from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from learners import services
from learners.models import Enrollment, StudyForm, StudyGroup


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Неверное имя пользователя или пароль. Проверьте раскладку и Caps Lock.",
        "inactive": "Учётная запись отключена. Обратитесь к администратору.",
    }


class EnrollmentAdminForm(forms.ModelForm):
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


class TransferForm(forms.Form):
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
