"""Forms of the family's application (Appendix 1) and of the people who decide on it.
Forms only validate: what a value means for the workflow is the services' business.

A draft may be saved half-filled, but every value that is filled must be well formed;
submission needs every field (``strict``)."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.functional import lazy

from achievements.portfolio.forms import MultipleFileField
from common.text import RefusesControlCharacters
from credit_transfer.checks import normalise_result
from credit_transfer.models import (
    Application,
    ApplicationLine,
    AttachmentKind,
    Conversion,
    Ground,
    Status,
)
from learners.models import ScaleKind, Subject, SubjectKind
from learners.terms import current_terms

REQUIRED_TO_SUBMIT = [
    "applicant_name", "passport_series", "passport_number", "passport_issued_by",
    "passport_issued_on", "registration_address", "phone", "other_name", "other_address",
    "other_licence_number", "other_licence_date", "subject_area", "programme_name", "ground",
]  # fmt: skip
RF_PASSPORTS_FROM = date(1997, 10, 1)
YEAR_TARGET = "year"


def _not_future(value: date | None, what: str) -> date | None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(f"{what} не может быть в будущем.")
    return value


# Subjects one application may hold.
MAX_LINES = 20


# Worded when shown, in the terms of the organisation's kind (R-ORG-6).
_termed = lazy(lambda text: text.format_map(current_terms()), str)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ApplicationForm(RefusesControlCharacters, forms.ModelForm):
    """The application's own fields. ``learners`` are the children the user may apply
    for (one for staff registering a paper application); ``target`` is the period the
    marks are for, or the whole year."""

    learner = forms.ModelChoiceField(
        label=_termed("{Learner}"),
        queryset=None,
        empty_label="— выберите ребёнка —",
        error_messages={"invalid_choice": "Выберите ребёнка из списка."},
    )
    target = forms.ChoiceField(label="Отметки выставить по итогам")

    class Meta:
        model = Application
        fields = [
            "applicant_name", "passport_series", "passport_number", "passport_issued_by",
            "passport_issued_on", "registration_address", "phone",
            "other_name", "other_address", "other_licence_number", "other_licence_date",
            "other_accreditation_number", "other_accreditation_date",
            "subject_area", "programme_name", "ground", "ground_details",
            "wants_exemption", "consent",
        ]  # fmt: skip
        labels = {
            "applicant_name": "Фамилия, имя, отчество (при наличии) заявителя",
            "passport_issued_on": "Дата выдачи паспорта",
            "passport_issued_by": "Кем выдан паспорт",
            "other_name": _termed("Наименование организации, где {learner} осваивает программу"),
            "other_address": "Адрес этой организации",
            "other_licence_number": "Номер лицензии на образовательную деятельность",
            "other_licence_date": "Дата лицензии",
            "other_accreditation_number": "Номер свидетельства о государственной аккредитации",
            "other_accreditation_date": "Дата свидетельства об аккредитации",
            "ground": "Основание для зачёта (п. 3.4 Положения)",
            "ground_details": "Пояснение (для «иной уважительной причины» — обязательно)",
            "wants_exemption": "Прошу освободить от посещения занятий по зачтённым предметам",
            "consent": (
                "Подтверждаю согласие на выставление отметок (оценок) по указанным предметам "
                "по итогам учебного года, триместра, полугодия"
            ),
        }
        help_texts = {
            "passport_series": "4 цифры, например 20 14",
            "passport_number": "6 цифр",
            "phone": "например +7 910 123-45-67",
            "other_accreditation_number": "если у организации есть государственная аккредитация",
            "subject_area": "например: математика и информатика",
        }
        widgets = {
            "passport_issued_on": DateInput(),
            "other_licence_date": DateInput(),
            "other_accreditation_date": DateInput(),
            "passport_series": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off"}
            ),
            "passport_number": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off"}
            ),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args, learners, classes, targets, strict=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.strict = strict
        self.fields["learner"].queryset = learners
        self.fields["learner"].label_from_instance = lambda x: ", ".join(
            part
            for part in (x.full_name, f"{x.birth_date:%d.%m.%Y} г. р.", classes.get(x.pk))
            if part
        )
        self.fields["target"].choices = targets
        self.fields["ground"].choices = [("", "— выберите основание —"), *Ground.choices]
        for name in REQUIRED_TO_SUBMIT:
            self.fields[name].required = strict
        # «20 14», «654 321»: clean_passport_* drop the spaces, and the model's length
        # limit then holds for what is left (it is checked again on the model). Checked
        # on the raw text first, it refused a well-typed number for its spaces.
        for name in ("passport_series", "passport_number"):
            field = self.fields[name]
            field.max_length = None
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            field.widget.attrs.pop("maxlength", None)
        for field in self.fields.values():
            field.error_messages["required"] = f"Заполните поле «{field.label}»."
        # Marked on the page as required: what submission needs, even in a draft.
        for name in (*REQUIRED_TO_SUBMIT, "learner", "target", "consent"):
            self.fields[name].marked = True
            self.fields[name].widget.attrs["aria-required"] = "true"
        self.fields["target"].required = True
        self.fields["target"].error_messages["required"] = (
            "Выберите, по итогам чего выставить отметки."
        )
        if self.instance.pk is not None:
            self.initial.setdefault("learner", self.instance.learner_id)
            self.initial.setdefault(
                "target", str(self.instance.period_id) if self.instance.period_id else YEAR_TARGET
            )

    def clean_applicant_name(self):
        value = " ".join(self.cleaned_data["applicant_name"].split())
        if value and (len(value.split()) < 2 or not re.fullmatch(r"[А-Яа-яЁёA-Za-z\- ']+", value)):
            raise ValidationError(
                "Укажите фамилию, имя и отчество (при наличии) полностью, буквами."
            )
        return value

    def clean_passport_series(self):
        value = re.sub(r"\s+", "", self.cleaned_data["passport_series"])
        if value and not re.fullmatch(r"\d{4}", value):
            raise ValidationError("Серия паспорта — 4 цифры, например 20 14.")
        return value

    def clean_passport_number(self):
        value = re.sub(r"\s+", "", self.cleaned_data["passport_number"])
        if value and not re.fullmatch(r"\d{6}", value):
            raise ValidationError("Номер паспорта — 6 цифр.")
        return value

    def clean_passport_issued_on(self):
        value = _not_future(self.cleaned_data["passport_issued_on"], "Дата выдачи паспорта")
        if value is not None and value < RF_PASSPORTS_FROM:
            raise ValidationError(
                "Паспорта гражданина России выдаются с 1 октября 1997 года: проверьте дату."
            )
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if not value:
            return value
        digits = re.sub(r"\D", "", value)
        if len(digits) == 10 and digits.startswith("9"):
            digits = "7" + digits
        if len(digits) == 11 and digits[0] in "78":
            digits = "7" + digits[1:]
            return f"+7 ({digits[1:4]}) {digits[4:7]}-{digits[7:9]}-{digits[9:]}"
        raise ValidationError("Укажите телефон в формате +7 XXX XXX-XX-XX.")

    def clean_registration_address(self):
        value = " ".join(self.cleaned_data["registration_address"].split())
        if value and len(value) < 10:
            raise ValidationError("Укажите адрес полностью: город, улицу, дом, квартиру.")
        return value

    def clean_other_licence_date(self):
        return _not_future(self.cleaned_data["other_licence_date"], "Дата лицензии")

    def clean_other_accreditation_date(self):
        return _not_future(
            self.cleaned_data["other_accreditation_date"], "Дата свидетельства об аккредитации"
        )

    def clean(self):
        data = super().clean()
        number, day = data.get("other_accreditation_number"), data.get("other_accreditation_date")
        if bool(number) != bool(day) and "other_accreditation_date" not in self.errors:
            self.add_error(
                "other_accreditation_date" if number else "other_accreditation_number",
                "Укажите и номер, и дату свидетельства об аккредитации (или не указывайте ничего).",
            )
        if data.get("ground") == Ground.OTHER and not data.get("ground_details", "").strip():
            self.add_error("ground_details", "Опишите уважительную причину.")
        # A signed application keeps its consent even when saved without being sent
        # again (the model's credit_application_consent constraint).
        signed = self.instance.pk is not None and self.instance.status != Status.DRAFT
        if (self.strict or signed) and not data.get("consent"):
            self.add_error(
                "consent",
                "Без согласия на выставление отметок заявление не может быть подано.",
            )
        return data

    def period_id(self) -> int | None:
        target = self.cleaned_data.get("target")
        return None if target in (None, "", YEAR_TARGET) else int(target)

    def model_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SubjectChoiceIterator(forms.models.ModelChoiceIterator):
    """The subjects, then the courses of extracurricular activity under a label of
    their own (000 §4.6 credits both); a plain list while the plan has no course."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        subjects, courses = [], []
        for subject in self.queryset:
            extra = subject.kind == SubjectKind.EXTRACURRICULAR
            (courses if extra else subjects).append(self.choice(subject))
        if not courses:
            yield from subjects
            return
        yield ("Учебные предметы", subjects)
        yield ("Курсы внеурочной деятельности", courses)


class SubjectChoiceField(forms.ModelChoiceField):
    iterator = SubjectChoiceIterator


class LineForm(RefusesControlCharacters, forms.ModelForm):
    subject = SubjectChoiceField(
        label=_termed("Предмет по учебному плану {organisation_gen}"),
        queryset=Subject.objects.order_by("name"),
        empty_label="— предмет —",
        error_messages={"invalid_choice": "Выберите предмет из списка."},
    )

    class Meta:
        model = ApplicationLine
        fields = ["subject", "external_name", "external_scale", "external_result", "external_hours"]
        labels = {
            "external_name": "Как курс назван там",
            "external_scale": "Система оценивания там",
            "external_result": "Отметка там",
            "external_hours": "Часов там",
        }
        widgets = {"external_hours": forms.NumberInput(attrs={"min": 1, "max": 2000})}

    def __init__(self, *args, subjects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if subjects is not None:
            self.fields["subject"].queryset = subjects
        self.fields["external_scale"].choices = [("", "— система —"), *ScaleKind.choices]
        for field in self.fields.values():
            field.error_messages["required"] = f"Заполните «{field.label.lower()}»."
        self.fields["external_hours"].error_messages["invalid"] = "Часы — целое число."
        # The model field's own widget says min="0"; a line takes at least one hour.
        self.fields["external_hours"].widget.attrs.update({"min": 1, "max": 2000})
        # The inputs sit in table cells under column headers: name them for screen readers.
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)

    def clean_external_hours(self):
        hours = self.cleaned_data["external_hours"]
        if hours is not None and not 1 <= hours <= 2000:
            raise ValidationError("Часы — от 1 до 2000.")
        return hours

    def clean(self):
        data = super().clean()
        scale, result = data.get("external_scale"), data.get("external_result")
        if scale and result:
            try:
                data["external_result"] = normalise_result(scale, result)
            except ValidationError as error:
                self.add_error("external_result", error)
        return data


class BaseLineFormSet(forms.BaseInlineFormSet):
    default_error_messages = {
        "too_many_forms": "В одном заявлении — не больше %(num)d предметов.",
    }

    def __init__(self, *args, strict=False, subjects=None, **kwargs):
        self.strict, self.subjects = strict, subjects
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "subjects": self.subjects}

    def validate_unique(self):
        """The same subject twice is reported by clean() in words a parent reads; the
        formset's own message would name the field in English."""

    def clean(self):
        super().clean()
        subjects, kept = set(), 0
        for form in self.forms:
            if not self._kept(form):
                continue
            subject = form.cleaned_data.get("subject")
            if subject is None:
                continue
            kept += 1
            if subject.pk in subjects:
                form.add_error("subject", f"Предмет «{subject.name}» уже указан в заявлении.")
            subjects.add(subject.pk)
        if self.strict and not kept:
            raise ValidationError("Добавьте хотя бы один предмет для зачёта.")

    def _kept(self, form) -> bool:
        """A line the application keeps: one typed now, or one saved before even if it
        comes back unchanged (an untouched saved line is still part of the application;
        only a new line left empty is nothing)."""
        if self.can_delete and self._should_delete_form(form):
            return False
        return form.has_changed() or form.instance.pk is not None

    def lines(self) -> list[dict]:
        return [
            {name: form.cleaned_data[name] for name in LineForm.Meta.fields}
            for form in self.forms
            if self._kept(form) and form.cleaned_data.get("subject") is not None
        ]


LineFormSet = forms.inlineformset_factory(
    Application,
    ApplicationLine,
    form=LineForm,
    formset=BaseLineFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_LINES,
    # Forms built from a forged TOTAL_FORMS: no more than the application takes (the
    # default allows a thousand more, each rendered with the list of subjects).
    absolute_max=20,
    validate_max=True,
)


class AttachmentsForm(forms.Form):
    extract = MultipleFileField(label=AttachmentKind.EXTRACT.label, required=False)
    education = MultipleFileField(label=AttachmentKind.EDUCATION_DOCUMENT.label, required=False)
    other = MultipleFileField(label=AttachmentKind.OTHER.label, required=False)

    def uploads(self) -> list[tuple[str, object]]:
        return [
            (kind, upload)
            for kind in (
                AttachmentKind.EXTRACT,
                AttachmentKind.EDUCATION_DOCUMENT,
                AttachmentKind.OTHER,
            )
            for upload in self.cleaned_data.get(
                {"extract": "extract", "education": "education", "other": "other"}[kind], []
            )
        ]


class PaperForm(forms.Form):
    """Staff registering a paper application choose which legal representative signed it."""

    applicant = forms.ModelChoiceField(
        label="Заявитель (законный представитель)",
        queryset=None,
        empty_label="— выберите —",
        error_messages={"required": "Выберите законного представителя, подписавшего заявление."},
    )

    def __init__(self, *args, guardians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].marked = True
        self.fields["applicant"].queryset = guardians
        self.fields["applicant"].label_from_instance = lambda u: u.get_full_name() or u.username


class ConversionForm(RefusesControlCharacters, forms.Form):
    conversion = forms.ChoiceField(
        label="Решение", choices=Conversion.choices, widget=forms.RadioSelect,
        error_messages={"required": "Выберите решение.", "invalid_choice": "Выберите решение."},
    )  # fmt: skip
    comment = forms.CharField(
        label="Комментарий (для аттестации — обязательно: форма и сроки)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": "Комментарий — не длиннее %(limit_value)d символов "
            "(сейчас %(show_value)d)."
        },
    )


class CouncilForm(RefusesControlCharacters, forms.Form):
    protocol_number = forms.CharField(label="Протокол педсовета №", max_length=50)
    protocol_date = forms.DateField(label="Дата протокола", widget=DateInput())

    def clean_protocol_date(self):
        return _not_future(self.cleaned_data["protocol_date"], "Дата протокола")


class OrderForm(RefusesControlCharacters, forms.Form):
    order_number = forms.CharField(label="Номер приказа", max_length=50)
    order_date = forms.DateField(label="Дата приказа", widget=DateInput())

    def clean_order_date(self):
        return _not_future(self.cleaned_data["order_date"], "Дата приказа")


class ExemptionEndForm(RefusesControlCharacters, forms.Form):
    returns_on = forms.DateField(label="Посещает занятия снова с", widget=DateInput())
    comment = forms.CharField(
        label="Причина (например: отчислен из другой организации)", max_length=500
    )


class CommentForm(RefusesControlCharacters, forms.Form):
    comment = forms.CharField(
        label="Комментарий",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
