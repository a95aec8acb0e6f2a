"""Consent to the processing of personal data (R-SEC-4; 152-FZ art. 9): who gives it and
who records it, its scope and date, its withdrawal, the office's list of those without
it, and the parent's consent online."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learners.consent import age_on, consent_give, consent_withdraw
from learners.consent_views import consent_section
from learners.models import Consent, ConsentScope, Learner, Role
from tests.factories import (
    AcademicYearFactory,
    ConsentFactory,
    EnrollmentFactory,
    GuardianFactory,
    GuardianshipFactory,
    LearnerFactory,
    StaffFactory,
    StudyGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BASE = [ConsentScope.RESULTS.value]


@dataclass
class School:
    today: date
    group: object  # 5А
    other_group: object  # 5Б
    learner: object  # 5А, a minor
    mother: object
    father: object
    stranger_parent: object  # mother of the 5Б learner
    other_learner: object  # 5Б
    clerk: object
    deputy: object
    director: object
    administrator: object
    class_teacher: object  # of 5А
    other_class_teacher: object  # of 5Б
    teacher: object


@pytest.fixture
def school(db) -> School:
    today = timezone.localdate()
    year = AcademicYearFactory(
        name="Текущий", starts_on=today - timedelta(days=90), ends_on=today + timedelta(days=150)
    )
    class_teacher = StaffFactory(user=UserFactory(roles=[Role.CLASS_TEACHER]))
    other_class_teacher = StaffFactory(user=UserFactory(roles=[Role.CLASS_TEACHER]))
    group = StudyGroupFactory(year=year, name="5А", class_teacher=class_teacher)
    other_group = StudyGroupFactory(
        year=year, name="5Б", programme=group.programme, class_teacher=other_class_teacher
    )
    learner = LearnerFactory(last_name="Смирнова", birth_date=date(2015, 4, 12))
    other_learner = LearnerFactory(last_name="Орлова", birth_date=date(2015, 6, 1))
    EnrollmentFactory(learner=learner, group=group, started_on=year.starts_on)
    EnrollmentFactory(learner=other_learner, group=other_group, started_on=year.starts_on)
    mother = GuardianFactory(last_name="Смирнова", first_name="Елена")
    father = GuardianFactory(last_name="Смирнов", first_name="Павел")
    GuardianshipFactory(learner=learner, guardian=mother)
    GuardianshipFactory(learner=learner, guardian=father)
    stranger_parent = GuardianshipFactory(learner=other_learner).guardian
    return School(
        today=today,
        group=group,
        other_group=other_group,
        learner=learner,
        mother=mother,
        father=father,
        stranger_parent=stranger_parent,
        other_learner=other_learner,
        clerk=UserFactory(roles=[Role.CLERK]),
        deputy=UserFactory(roles=[Role.DEPUTY]),
        director=UserFactory(roles=[Role.DIRECTOR]),
        administrator=UserFactory(roles=[Role.ADMINISTRATOR]),
        class_teacher=class_teacher.user,
        other_class_teacher=other_class_teacher.user,
        teacher=StaffFactory().user,
    )


def _give(school, *, actor=None, guardian="mother", scopes=BASE, given_on=None, **kwargs):
    return consent_give(
        learner=kwargs.pop("learner", school.learner),
        guardian=getattr(school, guardian) if isinstance(guardian, str) else guardian,
        scopes=scopes,
        given_on=given_on or school.today,
        actor=actor or school.clerk,
        **kwargs,
    )


# --- giving -----------------------------------------------------------------------------


def test_consent_give_by_clerk_records_paper_form_with_scopes(school):
    consent = _give(
        school,
        scopes=[ConsentScope.PUBLICATION.value, ConsentScope.RESULTS.value],
        given_on=date(2026, 9, 1),
        paper=True,
        note="  бланк в личном деле  ",
    )

    consent.refresh_from_db()
    assert (
        consent.learner,
        consent.given_by_guardian,
        consent.given_by_learner,
        consent.given_on,
        consent.scopes,
        consent.paper,
        consent.note,
        consent.recorded_by,
        consent.withdrawn_on,
    ) == (
        school.learner,
        school.mother,
        False,
        date(2026, 9, 1),
        [ConsentScope.RESULTS, ConsentScope.PUBLICATION],
        True,
        "бланк в личном деле",
        school.clerk,
        None,
    )
    assert consent.scope_labels == [
        "учёт результатов и поощрений",
        "публикация достижений на сайте организации",
    ]


@pytest.mark.parametrize("who", ["deputy", "class_teacher"])
def test_consent_give_by_deputy_or_class_teacher_recorded(school, who):
    consent = _give(school, actor=getattr(school, who))

    assert (consent.recorded_by, consent.given_by_guardian) == (
        getattr(school, who),
        school.mother,
    )


def test_consent_give_by_parent_online_today_not_paper(school):
    consent = _give(school, actor=school.mother.user, paper=True)

    assert (consent.given_by_guardian, consent.given_on, consent.paper, consent.recorded_by) == (
        school.mother,
        school.today,
        False,
        school.mother.user,
    )


def test_consent_give_both_parents_each_one_active(school):
    _give(school, guardian="mother")
    _give(school, guardian="father")

    assert list(
        Consent.objects.filter(withdrawn_on__isnull=True)
        .order_by("given_by_guardian__first_name")
        .values_list("given_by_guardian__first_name", flat=True)
    ) == ["Елена", "Павел"]


def test_consent_give_adult_learner_gives_it_himself(school):
    adult = LearnerFactory(birth_date=school.today.replace(year=school.today.year - 18))

    consent = _give(school, learner=adult, guardian=None)

    assert (consent.given_by_learner, consent.given_by_guardian, consent.giver_name) == (
        True,
        None,
        f"{adult.full_name} (сам обучающийся)",
    )


def test_consent_give_after_withdrawal_creates_new_row(school):
    first = _give(school, given_on=school.today - timedelta(days=10))
    consent_withdraw(consent=first, reason="Заявление", actor=school.clerk, on=school.today)

    second = _give(school, scopes=[*BASE, ConsentScope.PORTFOLIO.value])

    first.refresh_from_db()
    assert (first.withdrawn_on, second.withdrawn_on, Consent.objects.count()) == (
        school.today,
        None,
        2,
    )


def test_age_on_counts_birthday_itself():
    assert (
        age_on(date(2008, 3, 1), date(2026, 2, 28)),
        age_on(date(2008, 3, 1), date(2026, 3, 1)),
    ) == (
        17,
        18,
    )


# --- refusals: nothing written -------------------------------------------------------------


def _refused(school, error, **kwargs):
    with pytest.raises(error) as caught:
        _give(school, **kwargs)
    assert Consent.objects.count() == 0
    return caught.value


def test_consent_give_guardian_of_another_child_refused(school):
    error = _refused(school, ValidationError, guardian=school.stranger_parent)

    assert error.messages == [
        f"{school.stranger_parent.full_name} не указан(а) законным представителем "
        f"обучающегося {school.learner.full_name}."
    ]


def test_consent_give_parent_for_another_child_online_refused(school):
    error = _refused(
        school,
        ValidationError,
        actor=school.stranger_parent.user,
        guardian=school.stranger_parent,
    )

    assert error.messages[0].endswith(
        "не указан(а) законным представителем обучающегося Смирнова Мария Ивановна."
    )


def test_consent_give_parent_in_anothers_name_refused(school):
    error = _refused(school, PermissionDenied, actor=school.father.user, guardian="mother")

    assert str(error) == (
        "Записать согласие может делопроизводитель, заместитель директора, классный "
        "руководитель обучающегося или сам законный представитель."
    )


@pytest.mark.parametrize("who", ["director", "administrator", "teacher", "other_class_teacher"])
def test_consent_give_by_stranger_refused(school, who):
    _refused(school, PermissionDenied, actor=getattr(school, who))


def test_consent_give_empty_scope_refused(school):
    error = _refused(school, ValidationError, scopes=[])

    assert error.messages == ["Отметьте, на что даётся согласие."]


def test_consent_give_without_base_scope_refused(school):
    error = _refused(school, ValidationError, scopes=[ConsentScope.PORTFOLIO.value])

    assert error.messages == [
        "Согласие на учёт результатов и поощрений обязательно: без него остальные цели невозможны."
    ]


def test_consent_give_unknown_scope_refused(school):
    error = _refused(school, ValidationError, scopes=[*BASE, "marketing"])

    assert error.messages == ["Неизвестная цель обработки «marketing»."]


def test_consent_give_date_in_future_refused(school):
    tomorrow = school.today + timedelta(days=1)

    error = _refused(school, ValidationError, given_on=tomorrow)

    assert error.messages == [f"Дата согласия {tomorrow:%d.%m.%Y} ещё не наступила."]


def test_consent_give_date_before_birth_refused(school):
    error = _refused(school, ValidationError, given_on=date(2015, 4, 11))

    assert error.messages == [
        "Дата согласия 11.04.2015 раньше даты рождения обучающегося (12.04.2015)."
    ]


def test_consent_give_parent_online_other_date_refused(school):
    error = _refused(
        school,
        ValidationError,
        actor=school.mother.user,
        given_on=school.today - timedelta(days=1),
    )

    assert error.messages == ["Согласие онлайн даётся сегодняшним числом."]


def test_consent_give_minor_without_guardian_refused(school):
    error = _refused(school, ValidationError, guardian=None)

    assert error.messages == [
        f"Смирнова Мария Ивановна на {school.today:%d.%m.%Y} несовершеннолетний(-яя): "
        "согласие даёт законный представитель — выберите его."
    ]


def test_consent_give_guardian_for_adult_refused(school):
    adult = LearnerFactory(
        last_name="Взрослова", birth_date=school.today.replace(year=school.today.year - 19)
    )
    GuardianshipFactory(learner=adult, guardian=school.mother)

    error = _refused(school, ValidationError, learner=adult)

    assert error.messages == [
        f"Взрослова Мария Ивановна на {school.today:%d.%m.%Y} совершеннолетний(-яя): согласие "
        "даёт сам обучающийся, не законный представитель."
    ]


def test_consent_give_duplicate_active_refused(school):
    _give(school, given_on=date(2026, 9, 1))

    with pytest.raises(ValidationError) as caught:
        _give(school)

    assert caught.value.messages == [
        f"Согласие уже дано ({school.mother.full_name}, 01.09.2026). Чтобы изменить цели, "
        "сначала отзовите действующее согласие."
    ]
    assert Consent.objects.count() == 1


def test_consent_duplicate_active_refused_by_database(school):
    ConsentFactory(learner=school.learner, given_by_guardian=school.mother)

    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentFactory(learner=school.learner, given_by_guardian=school.mother)


# --- withdrawal --------------------------------------------------------------------------


def test_consent_withdraw_by_parent_who_gave_it_today_no_reason(school):
    consent = _give(school, actor=school.mother.user)

    consent_withdraw(consent=consent, actor=school.mother.user, on=school.today)

    consent.refresh_from_db()
    assert (
        consent.withdrawn_on,
        consent.withdrawn_by,
        consent.withdrawal_reason,
        consent.is_active,
    ) == (school.today, school.mother.user, "", False)


def test_consent_withdraw_by_clerk_with_reason_and_date(school):
    consent = _give(school, given_on=date(2026, 9, 1))

    consent_withdraw(
        consent=consent,
        reason=" Заявление от 20.10.2026 ",
        actor=school.clerk,
        on=date(2026, 10, 20),
    )

    consent.refresh_from_db()
    assert (consent.withdrawn_on, consent.withdrawn_by, consent.withdrawal_reason) == (
        date(2026, 10, 20),
        school.clerk,
        "Заявление от 20.10.2026",
    )


def _withdraw_refused(school, consent, error, **kwargs):
    with pytest.raises(error) as caught:
        consent_withdraw(consent=consent, **{"on": school.today, **kwargs})
    consent.refresh_from_db()
    assert (consent.withdrawn_on, consent.withdrawn_by) == (None, None)
    return caught.value


def test_consent_withdraw_twice_refused(school):
    consent = _give(school)
    consent_withdraw(consent=consent, reason="Заявление", actor=school.clerk, on=school.today)

    with pytest.raises(ValidationError) as caught:
        consent_withdraw(consent=consent, reason="Ещё раз", actor=school.deputy, on=school.today)

    assert caught.value.messages == [f"Согласие уже отозвано {school.today:%d.%m.%Y}."]
    consent.refresh_from_db()
    assert (consent.withdrawn_by, consent.withdrawal_reason) == (school.clerk, "Заявление")


@pytest.mark.parametrize(
    "who", ["father", "stranger_parent", "class_teacher", "director", "administrator"]
)
def test_consent_withdraw_by_stranger_refused(school, who):
    consent = _give(school)
    actor = getattr(school, who)
    actor = getattr(actor, "user", actor)

    error = _withdraw_refused(school, consent, PermissionDenied, reason="x", actor=actor)

    assert str(error) == (
        "Отозвать согласие может тот, кто его дал, делопроизводитель или заместитель директора."
    )


def test_consent_withdraw_by_staff_without_reason_refused(school):
    consent = _give(school)

    error = _withdraw_refused(school, consent, ValidationError, reason="  ", actor=school.deputy)

    assert error.messages == [
        "Укажите основание отзыва, например «заявление законного представителя»."
    ]


def test_consent_withdraw_before_given_refused(school):
    consent = _give(school, given_on=date(2026, 9, 1))

    error = _withdraw_refused(
        school,
        consent,
        ValidationError,
        reason="Заявление",
        actor=school.clerk,
        on=date(2026, 8, 31),
    )

    assert error.messages == ["Дата отзыва 31.08.2026 раньше даты согласия (01.09.2026)."]


def test_consent_withdraw_in_future_refused(school):
    consent = _give(school)
    tomorrow = school.today + timedelta(days=1)

    error = _withdraw_refused(
        school, consent, ValidationError, reason="Заявление", actor=school.clerk, on=tomorrow
    )

    assert error.messages == [f"Дата отзыва {tomorrow:%d.%m.%Y} ещё не наступила."]


# --- pages -------------------------------------------------------------------------------


def _status(client, user, url, method="get", data=None):
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("clerk", 200),
        ("deputy", 200),
        ("director", 200),
        ("administrator", 403),
        ("class_teacher", 403),
        ("teacher", 403),
        ("mother", 403),
    ],
)
def test_consent_list_status_by_role(client, school, who, expected):
    user = getattr(school, who)
    assert _status(client, getattr(user, "user", user), reverse("consent_list")) == expected


def test_consent_list_anonymous_sent_to_login(client, school):
    response = client.get(reverse("consent_list"))

    assert (response.status_code, response.url) == (302, "/login/?next=/consents/")


@pytest.mark.parametrize(
    ("who", "own", "foreign"),
    [
        ("clerk", 200, 200),
        ("deputy", 200, 200),
        ("director", 200, 200),
        ("class_teacher", 200, 404),
        ("administrator", 403, 403),
        ("teacher", 403, 403),
        ("mother", 403, 403),
    ],
)
def test_learner_consents_status_by_role(client, school, who, own, foreign):
    user = getattr(school, who)
    user = getattr(user, "user", user)
    client.force_login(user)

    assert (
        client.get(reverse("learner_consents", args=[school.learner.pk])).status_code,
        client.get(reverse("learner_consents", args=[school.other_learner.pk])).status_code,
    ) == (own, foreign)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("mother", 200), ("clerk", 403), ("deputy", 403), ("class_teacher", 403)],
)
def test_family_consents_status_by_role(client, school, who, expected):
    user = getattr(school, who)
    assert _status(client, getattr(user, "user", user), reverse("family_consents")) == expected


def test_learner_consents_post_by_class_teacher_records(client, school):
    client.force_login(school.class_teacher)

    response = client.post(
        reverse("learner_consents", args=[school.learner.pk]),
        {
            "giver": school.father.pk,
            "scopes": [ConsentScope.RESULTS.value, ConsentScope.PORTFOLIO.value],
            "given_on": "2026-09-02",
            "paper": "on",
            "note": "",
        },
    )

    consent = Consent.objects.get()
    assert (response.status_code, response.url) == (
        302,
        f"/learners/{school.learner.pk}/consents/",
    )
    assert (consent.given_by_guardian, consent.given_on, consent.scopes, consent.paper) == (
        school.father,
        date(2026, 9, 2),
        [ConsentScope.RESULTS, ConsentScope.PORTFOLIO],
        True,
    )


def test_learner_consents_post_empty_scope_shows_message_writes_nothing(client, school):
    client.force_login(school.clerk)

    response = client.post(
        reverse("learner_consents", args=[school.learner.pk]),
        {"giver": school.mother.pk, "given_on": "2026-09-02"},
    )

    assert response.status_code == 400
    assert "Отметьте, на что даётся согласие." in response.content.decode()
    assert Consent.objects.count() == 0


def test_learner_consents_post_by_director_refused(client, school):
    client.force_login(school.director)

    response = client.post(
        reverse("learner_consents", args=[school.learner.pk]),
        {"giver": school.mother.pk, "scopes": BASE, "given_on": "2026-09-02"},
    )

    assert (response.status_code, Consent.objects.count()) == (404, 0)


def test_family_consent_give_post_records_for_own_child(client, school):
    client.force_login(school.mother.user)

    response = client.post(
        reverse("family_consent_give", args=[school.learner.pk]),
        {"scopes": [*BASE, ConsentScope.CREDIT_TRANSFER.value]},
    )

    consent = Consent.objects.get()
    assert (response.status_code, response.url) == (302, "/children/consents/")
    assert (consent.given_by_guardian, consent.given_on, consent.paper, consent.scopes) == (
        school.mother,
        school.today,
        False,
        [ConsentScope.RESULTS, ConsentScope.CREDIT_TRANSFER],
    )


def test_family_consent_give_post_foreign_child_not_found(client, school):
    client.force_login(school.mother.user)

    response = client.post(
        reverse("family_consent_give", args=[school.other_learner.pk]),
        {"scopes": BASE},
    )

    assert (response.status_code, Consent.objects.count()) == (404, 0)


def test_family_consents_page_shows_withdraw_form_with_confirm_and_no_logins(client, school):
    consent = _give(school, actor=school.clerk)
    client.force_login(school.mother.user)

    page = client.get(reverse("family_consents")).content.decode()

    assert f'action="/consents/{consent.pk}/withdraw/" data-confirm="' in page
    assert "Дать согласие" not in page
    assert school.clerk.username not in page
    assert "Какие персональные данные обрабатываются" in page


def test_family_consents_page_offers_give_without_consent(client, school):
    client.force_login(school.father.user)
    _give(school, actor=school.clerk)  # the mother's: the father gives his own

    page = client.get(reverse("family_consents")).content.decode()

    assert page.count("Дать согласие") == 1
    assert f'action="/children/{school.learner.pk}/consent/"' in page


def test_consent_withdraw_post_by_parent_who_gave_it(client, school):
    consent = _give(school, actor=school.mother.user)
    client.force_login(school.mother.user)

    response = client.post(reverse("consent_withdraw", args=[consent.pk]))

    consent.refresh_from_db()
    assert (response.status_code, response.url, consent.withdrawn_on) == (
        302,
        "/children/consents/",
        school.today,
    )


def test_consent_withdraw_post_by_other_parent_forbidden(client, school):
    consent = _give(school, actor=school.mother.user)
    client.force_login(school.father.user)

    response = client.post(reverse("consent_withdraw", args=[consent.pk]))

    consent.refresh_from_db()
    assert (response.status_code, consent.withdrawn_on) == (403, None)


def test_consent_withdraw_post_foreign_parent_not_found(client, school):
    consent = _give(school)
    client.force_login(school.stranger_parent.user)

    response = client.post(reverse("consent_withdraw", args=[consent.pk]))

    assert response.status_code == 404


def test_consent_withdraw_post_by_clerk_with_reason(client, school):
    consent = _give(school, given_on=date(2026, 9, 1))
    client.force_login(school.clerk)

    response = client.post(
        reverse("consent_withdraw", args=[consent.pk]),
        {"reason": "Заявление матери", "on": "2026-10-01"},
    )

    consent.refresh_from_db()
    assert (response.status_code, response.url) == (
        302,
        f"/learners/{school.learner.pk}/consents/",
    )
    assert (consent.withdrawn_on, consent.withdrawal_reason) == (
        date(2026, 10, 1),
        "Заявление матери",
    )


def test_consent_withdraw_get_not_allowed(client, school):
    consent = _give(school)

    assert _status(client, school.clerk, reverse("consent_withdraw", args=[consent.pk])) == 405


# --- the office's list -------------------------------------------------------------------


def _enrolled(group, last_name):
    learner = LearnerFactory(last_name=last_name)
    EnrollmentFactory(learner=learner, group=group, started_on=group.year.starts_on)
    return learner


def test_consent_list_without_consent_first_then_by_name(client, school):
    withdrawn = _enrolled(school.group, "Агеева")
    ConsentFactory(learner=withdrawn, withdrawn_on=date(2026, 10, 1), withdrawn_by=school.clerk)
    ConsentFactory(learner=_enrolled(school.group, "Боброва"))
    _enrolled(school.other_group, "Яковлева")
    ConsentFactory(learner=school.other_learner)
    client.force_login(school.deputy)

    page = client.get(reverse("consent_list")).context["page"]

    assert [(x.last_name, x.has_consent, x.class_name) for x in page] == [
        ("Агеева", False, "5А"),
        ("Смирнова", False, "5А"),
        ("Яковлева", False, "5Б"),
        ("Боброва", True, "5А"),
        ("Орлова", True, "5Б"),
    ]


def test_consent_list_filter_class_and_missing(client, school):
    ConsentFactory(learner=_enrolled(school.group, "Боброва"))
    _enrolled(school.other_group, "Яковлева")
    client.force_login(school.clerk)

    page = client.get(reverse("consent_list"), {"group": school.group.pk, "missing": "on"}).context[
        "page"
    ]

    assert [x.last_name for x in page] == ["Смирнова"]


def test_consent_list_leaves_out_learners_who_left(client, school):
    left = LearnerFactory(last_name="Ушедшая")
    EnrollmentFactory(
        learner=left, group=school.group, started_on=school.group.year.starts_on,
        ended_on=school.today - timedelta(days=1),
    )  # fmt: skip
    client.force_login(school.clerk)

    page = client.get(reverse("consent_list")).context["page"]

    assert [x.last_name for x in page] == ["Орлова", "Смирнова"]


def test_consent_list_query_count_constant_in_rows(client, school, django_assert_num_queries):
    client.force_login(school.deputy)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("consent_list"))
    for number in range(30):
        learner = _enrolled(school.group if number % 2 else school.other_group, f"Ф{number:02d}")
        if number % 3:
            ConsentFactory(learner=learner)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("consent_list")).context["page"]

    assert len(page) == 32


# --- the admin's register ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [("deputy", 200), ("director", 200), ("clerk", 200), ("administrator", 403)],
)
def test_consent_admin_read_only_for_office(client, school, who, expected):
    consent = ConsentFactory(learner=school.learner, given_by_guardian=school.mother)
    user = getattr(school, who)
    user.is_staff = True
    user.save()
    client.force_login(user)

    assert (
        client.get("/admin/learners/consent/").status_code,
        client.get(f"/admin/learners/consent/{consent.pk}/change/").status_code,
        client.get("/admin/learners/consent/add/").status_code,
        client.get(f"/admin/learners/consent/{consent.pk}/delete/").status_code,
    ) == (expected, expected, 403, 403)


def test_consent_admin_superuser_reads_list(client, school):
    ConsentFactory(learner=school.learner, given_by_guardian=school.mother)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get("/admin/learners/consent/")

    assert (response.status_code, response.context["cl"].result_count) == (200, 1)


def test_consent_withdraw_post_bad_date_refused_writes_nothing(client, school):
    consent = _give(school, actor=school.mother.user)
    client.force_login(school.mother.user)

    response = client.post(reverse("consent_withdraw", args=[consent.pk]), {"on": "щ"}, follow=True)

    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert [str(m) for m in response.context["messages"]] == [
        "Дата отзыва: Введите правильную дату."
    ]


def test_family_consent_give_post_unknown_scope_refused_writes_nothing(client, school):
    client.force_login(school.mother.user)

    response = client.post(
        reverse("family_consent_give", args=[school.learner.pk]),
        {"scopes": "nonsense"},
        follow=True,
    )

    assert Consent.objects.count() == 0
    assert [str(m) for m in response.context["messages"]] == [
        "Выберите корректный вариант. nonsense нет среди допустимых значений."
    ]


def test_learner_consents_page_one_withdraw_form_per_active_consent(client, school):
    mothers = _give(school, guardian="mother")
    fathers = _give(school, guardian="father")
    client.force_login(school.clerk)

    page = client.get(reverse("learner_consents", args=[school.learner.pk])).content.decode()

    assert (
        page.count('name="reason"'),
        f'id="id_withdraw-{mothers.pk}-reason"' in page,
        f'id="id_withdraw-{fathers.pk}-reason"' in page,
    ) == (2, True, True)


# --- the learner card's section (to be registered in common/sections.py) ----------------


@pytest.mark.parametrize(
    ("who", "shown"),
    [("clerk", True), ("director", True), ("class_teacher", True), ("teacher", False)],
)
def test_consent_section_for_readers_only(rf, school, who, shown):
    ConsentFactory(learner=school.learner, given_by_guardian=school.mother)
    request = rf.get("/")
    request.user = getattr(school, who)

    html = consent_section(request, school.learner)

    assert ("Дано</span> 01.09.2026, Смирнова Елена Павловна" in html) is shown
    assert (html == "") is not shown


# --- the demo school ---------------------------------------------------------------------


def test_demo_school_consents_most_learners_not_the_demo_daughter():
    from learners.demo import generate

    generate(scale="demo", today=date(2026, 11, 22))
    son = Learner.objects.get(user__username="uchenik")
    daughter = Learner.objects.get(
        guardianships__guardian__user__username="roditel", first_name="Алиса"
    )

    without = Learner.objects.exclude(consents__isnull=False).count()
    assert (Consent.objects.count(), without) == (296, 12)
    assert set(Consent.objects.values_list("recorded_by__username", "withdrawn_on")) == {
        ("deloproizv", None)
    }
    assert (
        Consent.objects.filter(
            given_on__gte=date(2026, 8, 23), given_on__lte=date(2026, 9, 1)
        ).count()
        == 296
    )
    assert list(son.consents.values_list("given_by_guardian__user__username", "paper")) == [
        ("roditel", True)
    ]
    assert daughter.consents.count() == 0
