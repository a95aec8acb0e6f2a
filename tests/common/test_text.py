"""Control characters are refused where text comes in (common.text): in every form of
the project's pages and in every admin form, with a Russian message beside the field,
and nothing is saved."""

import pytest
from django import forms
from django.contrib import admin

from achievements.forms import LessonForm
from achievements.models import AchievementCategory
from achievements.portfolio.forms import AchievementForm, DecisionForm
from common.admin import RefusesControlCharactersAdmin
from common.text import RefusesControlCharacters, refuse_control_characters
from credit_transfer.forms import (
    ApplicationForm,
    CommentForm,
    ConversionForm,
    CouncilForm,
    ExemptionEndForm,
    LineForm,
    OrderForm,
)
from learners.forms import EnrollmentAdminForm, TransferForm
from learners.models import Learner, Role
from tests.factories import StudyPeriodFactory, UserFactory

MESSAGE = (
    "Текст содержит невидимый управляющий символ ({}). Удалите его и сохраните снова: "
    "такие символы попадают в текст при копировании из других программ."
)


class NoteForm(RefusesControlCharacters, forms.Form):
    title = forms.CharField(max_length=100)
    note = forms.CharField(required=False, widget=forms.Textarea)
    password = forms.CharField(required=False, widget=forms.PasswordInput)
    day = forms.DateField(required=False)


@pytest.mark.parametrize(
    ("title", "codes"),
    [
        ("Олимпиада\x01", "U+0001"),
        ("Олимп\x00иада", "U+0000"),
        ("Олимп\x08иада\x7f", "U+0008, U+007F"),
        ("Олимпиада \x1b[31m", "U+001B"),
        ("Олимп\x0bиада", "U+000B"),
        ("Олимпиада\ud800", "U+D800"),
        ("Олимпиада\uffff", "U+FFFF"),
        ("\x01\x02\x03\x04\x01", "U+0001, U+0002, U+0003"),
    ],
)
def test_form_text_with_control_character_refused_beside_field(title, codes):
    form = NoteForm({"title": title})

    assert not form.is_valid()
    assert form.errors == {"title": [MESSAGE.format(codes)]}


def test_form_text_with_tab_and_line_breaks_accepted():
    form = NoteForm({"title": "Олимпиада\tпо физике", "note": "первая\r\nвторая\nтретья"})

    assert form.is_valid()
    assert form.cleaned_data["note"] == "первая\r\nвторая\nтретья"


def test_form_password_field_not_checked():
    form = NoteForm({"title": "Вход", "password": "пароль\x01"})

    assert form.is_valid()


def test_refuse_control_characters_ignores_non_text():
    assert refuse_control_characters(17) is None


# Every form of the project that takes text ----------------------------------------------


def _application_form(data):
    return ApplicationForm(
        data, learners=Learner.objects.none(), classes={}, targets=[("year", "год")]
    )


PROJECT_FORMS = [
    (lambda d: AchievementForm(d), "title"),
    (lambda d: AchievementForm(d), "organiser"),
    (lambda d: AchievementForm(d), "description"),
    (lambda d: DecisionForm(d), "comment"),
    (lambda d: LessonForm(d, period=StudyPeriodFactory.build()), "topic"),
    (lambda d: LessonForm(d, period=StudyPeriodFactory.build()), "homework"),
    (lambda d: TransferForm(d), "reason"),
    (lambda d: TransferForm(d), "order_reference"),
    (lambda d: EnrollmentAdminForm(d), "order_reference"),
    (_application_form, "other_name"),
    (_application_form, "passport_issued_by"),
    (_application_form, "ground_details"),
    (lambda d: LineForm(d), "external_name"),
    (lambda d: ConversionForm(d), "comment"),
    (lambda d: CouncilForm(d), "protocol_number"),
    (lambda d: OrderForm(d), "order_number"),
    (lambda d: ExemptionEndForm(d), "comment"),
    (lambda d: CommentForm(d), "comment"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "field"), PROJECT_FORMS)
def test_project_form_refuses_control_character(make, field):
    form = make({field: "Текст\x01 из другой программы"})

    assert not form.is_valid()
    assert form.errors[field] == [MESSAGE.format("U+0001")]


# The admin ---------------------------------------------------------------------------------


def test_every_admin_form_refuses_control_characters():
    registered = list(admin.site._registry.values())

    assert registered
    assert all(isinstance(a, RefusesControlCharactersAdmin) for a in registered)
    inlines = [inline for a in registered for inline in a.inlines]
    assert inlines
    assert all(issubclass(inline, RefusesControlCharactersAdmin) for inline in inlines)


@pytest.mark.django_db
def test_admin_add_with_control_character_shows_message_and_saves_nothing(client):
    client.force_login(UserFactory(roles=[Role.DEPUTY]))
    before = AchievementCategory.objects.count()

    response = client.post(
        "/admin/achievements/achievementcategory/add/",
        {"code": "chess", "name": "Шахматы\x01", "order": "5"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"name": [MESSAGE.format("U+0001")]}
    assert AchievementCategory.objects.count() == before


@pytest.mark.django_db
def test_admin_add_without_control_character_saves(client):
    client.force_login(UserFactory(roles=[Role.DEPUTY]))

    response = client.post(
        "/admin/achievements/achievementcategory/add/",
        {"code": "chess", "name": "Шахматы", "order": "5"},
    )

    assert response.status_code == 302
    assert AchievementCategory.objects.get(code="chess").name == "Шахматы"
