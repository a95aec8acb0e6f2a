"""The credit-transfer pages through their URLs: who may open what (refusals are 404 and
logged: a foreign application does not even show it exists), the deputy's and the
director's steps in the admin, downloads, documents, and query counts that stay
constant as rows grow."""

import logging

import pytest
from django.utils import timezone

from credit_transfer import services
from credit_transfer.models import Application, AttachmentDownload, Status
from learners.models import Role
from tests.achievements.portfolio.files import pdf_bytes
from tests.credit_transfer.conftest import make_application, submit
from tests.credit_transfer.factories import ApplicationLineFactory
from tests.factories import GuardianFactory, GuardianshipFactory, SubjectFactory, UserFactory

pytestmark = pytest.mark.django_db

ENGLISH = {
    "subject": "Иностранный язык (английский)",
    "external_name": "Иностранный язык (английский)",
    "external_scale": "levels",
    "external_result": "высокий",
    "external_hours": 102,
}


def move(application, to, actor, **details):
    return services.application_transition(application=application, to=to, actor=actor, **details)


@pytest.fixture
def sent(school, settings, tmp_path):
    """A submitted application whose attachment is a real stored file."""
    application = submit(make_application(school, [ENGLISH]), school.parent)
    attachment = application.attachments.get()
    path = tmp_path / "media" / attachment.file.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf_bytes())
    return application


def as_user(client, user):
    client.force_login(user)
    return client


def test_detail_status_by_visitor(client, school, sent, caplog):
    second = UserFactory(roles=[Role.PARENT])
    GuardianshipFactory(learner=school.learner, guardian=GuardianFactory(user=second))
    expected = {
        school.parent: 200, second: 200, school.deputy: 200, school.director: 200,
        school.clerk: 200, school.teachers["Английский язык"]: 200,
        school.teachers["Информатика"]: 404, school.teachers["Информатика 7Б"]: 404,
        school.other_parent: 404,
    }  # fmt: skip
    for user, status in expected.items():
        assert as_user(client, user).get(f"/credit/{sent.pk}/").status_code == status, user
    client.logout()
    assert client.get(f"/credit/{sent.pk}/").status_code == 302
    with caplog.at_level(logging.WARNING, logger="uchet.access"):
        as_user(client, school.other_parent).get(f"/credit/{sent.pk}/")
    assert f"credit_application={sent.pk}" in caplog.text


def test_detail_passport_only_for_applicant_and_staff(client, school, sent):
    second = UserFactory(roles=[Role.PARENT])
    GuardianshipFactory(learner=school.learner, guardian=GuardianFactory(user=second))
    passport = "45 06 № 123456"
    shown = {
        school.parent: True, school.deputy: True, second: False,
        school.teachers["Английский язык"]: False,
    }  # fmt: skip
    for user, visible in shown.items():
        page = as_user(client, user).get(f"/credit/{sent.pk}/").content.decode()
        assert (passport in page) is visible, user
    assert "Перевод отметки решает учитель-предметник" in page


def test_draft_visible_only_to_its_applicant(client, school):
    draft = make_application(school, ["Информатика"])
    assert as_user(client, school.parent).get(f"/credit/{draft.pk}/").status_code == 200
    for user in (school.deputy, school.teachers["Английский язык"]):
        assert as_user(client, user).get(f"/credit/{draft.pk}/").status_code == 404


def test_withdraw_by_other_parent_not_found_and_unchanged(client, school, sent):
    response = as_user(client, school.other_parent).post(f"/credit/{sent.pk}/withdraw/")
    assert response.status_code == 404
    assert Application.objects.get(pk=sent.pk).status == Status.SUBMITTED
    as_user(client, school.parent).post(f"/credit/{sent.pk}/withdraw/")
    assert Application.objects.get(pk=sent.pk).status == Status.WITHDRAWN


def test_attachment_download_checked_logged_private(client, school, sent):
    attachment = sent.attachments.get()
    url = f"/credit/attachments/{attachment.pk}/"
    response = as_user(client, school.parent).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert as_user(client, school.teachers["Английский язык"]).get(url).status_code == 200
    for outsider in (school.other_parent, school.teachers["Информатика 7Б"]):
        assert as_user(client, outsider).get(url).status_code == 404
    assert list(AttachmentDownload.objects.order_by("pk").values_list("user", flat=True)) == [
        school.parent.pk,
        school.teachers["Английский язык"].pk,
    ]


def test_attachment_delete_only_while_editable(client, school):
    draft = make_application(school, ["Информатика"])
    attachment = draft.attachments.get()
    url = f"/credit/attachments/{attachment.pk}/delete/"
    assert as_user(client, school.other_parent).post(url).status_code == 404
    response = as_user(client, school.parent).post(url, {"next": "https://evil.example/"})
    assert response["Location"] == f"/credit/{draft.pk}/"
    assert not draft.attachments.exists()


def test_documents_appear_with_their_step(client, school, sent):
    parent = as_user(client, school.parent)
    response = parent.get(f"/credit/{sent.pk}/application.pdf")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF")
    assert parent.get(f"/credit/{sent.pk}/decision.pdf").status_code == 404
    assert parent.get(f"/credit/{sent.pk}/order.pdf").status_code == 404
    assert (
        as_user(client, school.other_parent).get(f"/credit/{sent.pk}/application.pdf").status_code
        == 404
    )


def test_teacher_converts_on_own_page(client, school, sent):
    move(sent, Status.UNDER_REVIEW, school.deputy)
    move(sent, Status.WITH_TEACHER, school.deputy)
    line = sent.lines.get()
    outsider = as_user(client, school.teachers["Информатика 7Б"])
    assert (
        outsider.post(f"/credit/lines/{line.pk}/convert/", {"conversion": "credit_5"}).status_code
        == 404
    )
    teacher = as_user(client, school.teachers["Английский язык"])
    page = teacher.get("/credit/").content.decode()
    assert "Иностранный язык (английский) — Соколов Михаил Андреевич, 7А" in page
    response = teacher.post(f"/credit/lines/{line.pk}/convert/", {"conversion": "attestation"})
    assert "Напишите, в какой форме и когда предлагается пройти аттестацию." in (
        teacher.get(response["Location"]).content.decode()
    )
    teacher.post(f"/credit/lines/{line.pk}/convert/", {"conversion": "credit_5"})
    line.refresh_from_db()
    assert (line.conversion, Application.objects.get(pk=sent.pk).status) == (
        "credit_5",
        Status.UNDER_REVIEW,
    )


def test_menu_shows_credit_transfer_to_its_roles(client, school):
    learner_user = UserFactory(roles=[Role.LEARNER])
    customer = UserFactory(roles=[Role.CUSTOMER])
    for user, shown in (
        (school.parent, True), (school.teachers["Информатика"], True), (school.deputy, True),
        (school.director, True), (school.clerk, True), (learner_user, False), (customer, False),
    ):  # fmt: skip
        page = as_user(client, user).get("/password/change/").content.decode()
        assert ('href="/credit/"' in page) is shown, user


# --- the admin -------------------------------------------------------------------------------

ADMIN = "/admin/credit_transfer/application/"


def test_admin_list_open_to_administration_only(client, school, sent):
    for user, status in (
        (school.deputy, 200), (school.director, 200), (school.clerk, 200),
        (school.parent, 302), (school.teachers["Английский язык"], 302),
    ):  # fmt: skip
        assert as_user(client, user).get(ADMIN).status_code == status, user


def test_admin_list_overdue_first_with_deadlines(client, school):
    today = timezone.localdate()
    fresh = submit(make_application(school, ["Информатика"]), school.parent)
    renamed = {"subject": "Информатика", "external_name": "Python"}
    late = submit(make_application(school, [renamed]), school.parent)
    Application.objects.filter(pk=late.pk).update(
        submitted_at=timezone.now() - timezone.timedelta(days=30)
    )
    move(late, Status.UNDER_REVIEW, school.deputy)
    move(late, Status.WITH_COUNCIL, school.deputy)
    services.council_record(
        application=late, protocol_number="2", protocol_date=today - timezone.timedelta(days=14),
        decisions={late.lines.get().pk: "credit"}, actor=school.deputy,
    )  # fmt: skip
    page = as_user(client, school.deputy).get(ADMIN).content.decode()
    assert page.index(late.number) < page.index(fresh.number)
    assert "просрочено на " in page
    assert "в работе 0 раб. дн." in page


def test_admin_list_queries_constant(client, school, django_assert_max_num_queries):
    deputy = as_user(client, school.deputy)
    submit(make_application(school, ["Информатика"]), school.parent)
    with django_assert_max_num_queries(14):
        deputy.get(ADMIN)
    for _ in range(19):
        submit(make_application(school, ["Информатика"]), school.parent)
    with django_assert_max_num_queries(14):
        assert deputy.get(ADMIN).status_code == 200


def test_admin_review_queries_constant_in_lines(client, school, django_assert_max_num_queries):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    deputy = as_user(client, school.deputy)
    url = f"{ADMIN}{application.pk}/change/"
    with django_assert_max_num_queries(22):
        deputy.get(url)
    for _ in range(5):
        ApplicationLineFactory(application=application, subject=SubjectFactory())
    with django_assert_max_num_queries(22):
        page = deputy.get(url).content.decode()
    # Each line says why twice: in its checks and as the refusal the decision will carry.
    assert page.count("нет в учебном плане 7 класса (п. 4.6)") == 10


def test_family_and_teacher_lists_queries_constant(client, school, django_assert_max_num_queries):
    def make(count):
        for _ in range(count):
            application = submit(make_application(school, [ENGLISH]), school.parent)
            move(application, Status.UNDER_REVIEW, school.deputy)
            move(application, Status.WITH_TEACHER, school.deputy)

    visitors = ((school.parent, 3), (school.teachers["Английский язык"], 4))
    make(1)
    for user, limit in visitors:
        as_user(client, user)
        with django_assert_max_num_queries(limit):
            client.get("/credit/")
    make(9)
    for user, limit in visitors:
        as_user(client, user)
        with django_assert_max_num_queries(limit):
            assert client.get("/credit/").status_code == 200


def test_detail_queries_constant_in_lines(client, school, django_assert_max_num_queries):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    parent = as_user(client, school.parent)
    with django_assert_max_num_queries(16):
        parent.get(f"/credit/{application.pk}/")
    for _ in range(6):
        ApplicationLineFactory(application=application, subject=SubjectFactory())
    with django_assert_max_num_queries(16):
        parent.get(f"/credit/{application.pk}/")


def act(client, application, action, **data):
    application.refresh_from_db()
    return client.post(
        f"{ADMIN}{application.pk}/act/",
        {"action": action, "version": application.version, **data},
        follow=True,
    )


def test_admin_steps_through_review_page(client, school, sent):
    deputy = as_user(client, school.deputy)
    page = deputy.get(f"{ADMIN}{sent.pk}/change/").content.decode()
    assert "Перевод отметки решает учитель-предметник" in page
    assert "Взять в работу" in page
    assert "Готово: взять в работу." in act(deputy, sent, "review").content.decode()
    assert "Напишите семье, какие документы нужны и почему (п. 4.8)." in (
        act(deputy, sent, "request_documents").content.decode()
    )
    act(deputy, sent, "to_teacher", comment="Прошу решить")
    sent.refresh_from_db()
    assert sent.status == Status.WITH_TEACHER
    services.line_convert(
        line=sent.lines.get(), conversion="credit_4", actor=school.teachers["Английский язык"]
    )
    line = sent.lines.get()
    response = act(deputy, sent, "decide", **{f"credit_{line.pk}": "0"})
    assert "«Иностранный язык (английский)»: укажите причину отказа — её увидит семья." in (
        response.content.decode()
    )
    act(deputy, sent, "decide")
    sent.refresh_from_db()
    assert (sent.status, sent.lines.get().credited_value) == (Status.DECIDED, "4")
    refused = act(deputy, sent, "order", order_number="5-у", order_date=str(timezone.localdate()))
    assert "Приказ издаёт директор." in refused.content.decode()
    director = as_user(client, school.director)
    act(director, sent, "order", order_number="5-у", order_date=str(timezone.localdate()))
    sent.refresh_from_db()
    assert (sent.status, sent.order_number) == (Status.ORDER_ISSUED, "5-у")


def test_admin_stale_version_changes_nothing(client, school, sent):
    deputy = as_user(client, school.deputy)
    response = deputy.post(
        f"{ADMIN}{sent.pk}/act/", {"action": "review", "version": sent.version - 1}, follow=True
    )
    assert "Заявление уже изменилось" in response.content.decode()
    assert Application.objects.get(pk=sent.pk).status == Status.SUBMITTED


def test_admin_take_into_review_action(client, school):
    applications = [submit(make_application(school, ["Информатика"]), school.parent) for _ in "ab"]
    response = as_user(client, school.deputy).post(
        ADMIN,
        {"action": "take_into_review", "_selected_action": [a.pk for a in applications]},
        follow=True,
    )
    assert "Взято в работу заявлений: 2." in response.content.decode()
    assert set(Application.objects.values_list("status", flat=True)) == {Status.UNDER_REVIEW}


def test_admin_bulk_action_only_for_deputy(client, school):
    submit(make_application(school, ["Информатика"]), school.parent)
    for user, offered in ((school.deputy, True), (school.clerk, False), (school.director, False)):
        page = as_user(client, user).get(ADMIN).content.decode()
        assert ('value="take_into_review"' in page) is offered, user


def test_family_learns_council_opinion_with_the_decision(client, school):
    renamed = {"subject": "Информатика", "external_name": "Python"}
    application = submit(make_application(school, [renamed]), school.parent)
    move(application, Status.UNDER_REVIEW, school.deputy)
    move(application, Status.WITH_COUNCIL, school.deputy)
    services.council_record(
        application=application, protocol_number="4", protocol_date=timezone.localdate(),
        decisions={application.lines.get().pk: "credit"}, actor=school.deputy,
    )  # fmt: skip
    opinion = "Педагогический совет: зачесть"
    assert (
        opinion
        not in as_user(client, school.parent).get(f"/credit/{application.pk}/").content.decode()
    )
    assert (
        opinion in as_user(client, school.deputy).get(f"/credit/{application.pk}/").content.decode()
    )
    move(application, Status.DECIDED, school.deputy)
    page = as_user(client, school.parent).get(f"/credit/{application.pk}/").content.decode()
    assert "Зачтено: «5»" in page
