"""common.downloads: one response for every generated document, logged with who, when,
which document and the SHA-256 of the bytes handed out; the log is read in the admin
by the deputy and the director, and nobody edits it."""

import hashlib
from email.message import EmailMessage

import pytest
from django.utils import timezone

from common.downloads import logged_download
from common.models import DocumentDownload
from learners.models import Role
from tests.factories import StudyGroupFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.7 generated"


def _filename(raw: str) -> str | None:
    message = EmailMessage()
    message["Content-Disposition"] = raw
    return message.get_filename()


def test_logged_download_records_and_answers():
    user = UserFactory(username="zavuch")
    group = StudyGroupFactory(name="5А")
    before = timezone.now()

    response = logged_download(
        user=user,
        content=CONTENT,
        content_type="application/pdf",
        filename="Портфолио 5А.pdf",
        kind="group_portfolio_pdf",
        subject=group,
    )

    record = DocumentDownload.objects.get()
    assert (
        record.user,
        record.kind,
        record.object_type,
        record.object_id,
        record.object_repr,
        record.filename,
        record.size,
        record.sha256,
    ) == (
        user,
        "group_portfolio_pdf",
        "learners.studygroup",
        str(group.pk),
        str(group),
        "Портфолио 5А.pdf",
        len(CONTENT),
        hashlib.sha256(CONTENT).hexdigest(),
    )
    assert before <= record.downloaded_at <= timezone.now()
    assert response.status_code == 200
    assert response.content == CONTENT
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert _filename(response["Content-Disposition"]) == "Портфолио 5А.pdf"


def test_logged_download_inline():
    response = logged_download(
        user=UserFactory(),
        content=CONTENT,
        content_type="application/pdf",
        filename="Приказ.pdf",
        kind="credit_order",
        subject=StudyGroupFactory(),
        as_attachment=False,
    )

    assert response["Content-Disposition"].startswith("inline;")


def _record():
    return DocumentDownload.objects.create(
        user=UserFactory(),
        kind="portfolio_pdf",
        object_type="learners.learner",
        object_id="17",
        object_repr="Антонова Мария Ивановна",
        filename="Портфолио 17.pdf",
        size=10,
        sha256="0" * 64,
    )


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.DIRECTOR])
def test_download_log_listed_for_administration(client, role):
    record = _record()
    client.force_login(UserFactory(roles=[role]))

    listing = client.get("/admin/common/documentdownload/")
    detail = client.get(f"/admin/common/documentdownload/{record.pk}/change/")

    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [record]
    assert detail.status_code == 200
    assert detail.context["has_change_permission"] is False


@pytest.mark.parametrize("role", [Role.CLERK, Role.ADMINISTRATOR])
def test_download_log_hidden_from_other_admin_roles(client, role):
    _record()
    client.force_login(UserFactory(roles=[role]))

    assert client.get("/admin/common/documentdownload/").status_code == 403


@pytest.mark.parametrize("role", [Role.TEACHER, Role.PARENT])
def test_download_log_outside_admin_for_pages_roles(client, role):
    _record()
    client.force_login(UserFactory(roles=[role]))

    response = client.get("/admin/common/documentdownload/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_download_log_cannot_be_added_changed_or_deleted(client):
    record = _record()
    client.force_login(UserFactory(roles=[Role.DEPUTY]))

    add = client.get("/admin/common/documentdownload/add/")
    change = client.post(
        f"/admin/common/documentdownload/{record.pk}/change/", {"filename": "другое.pdf"}
    )
    delete = client.post(f"/admin/common/documentdownload/{record.pk}/delete/", {"post": "yes"})

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    record.refresh_from_db()
    assert record.filename == "Портфолио 17.pdf"
