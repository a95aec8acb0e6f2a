"""The disclosure log (001 §4.2, 002 §6.2): a row each time results leave the
organisation — a document issued to the family, an archive copy downloaded — and who
reads it: the deputy and the director all rows, a family the rows about their learner,
nobody else."""

import pytest
from django.urls import reverse

from archive.documents.services import issue_document
from archive.models import Disclosure, DisclosureGround, DocumentKind
from learners.models import Role
from tests.archive.documents.factories import DisclosureFactory
from tests.archive.documents.request_data import School

LOG_READERS_ONLY = "Журнал передачи сведений ведут заместитель директора и директор."


@pytest.fixture
def school(db) -> School:
    return School()


def test_issue_to_family_writes_row(school):
    document = issue_document(
        kind=DocumentKind.STUDY_CERTIFICATE,
        learner=school.learner,
        recipient="Соколова Анна Петровна (мать)",
        purpose="для секции",
        to_family=True,
        actor=school.clerk,
    )
    row = Disclosure.objects.get()
    assert (
        row.learner, row.recipient, row.ground, row.ground_detail, row.document, row.recorded_by
    ) == (
        school.learner, "Соколова Анна Петровна (мать)", DisclosureGround.ISSUE, "для секции",
        document, school.clerk,
    )  # fmt: skip
    assert row.what == (
        f"Справка об обучении — Соколов И.П. № СО-1 от {document.issued_on:%d.%m.%Y}"
    )


def test_archive_file_download_writes_row(client, archive_school, snapshot):
    archive_file = snapshot.files.get(group_name="5А", kind="workbook")
    archive_school.clerk.first_name, archive_school.clerk.last_name = "Нина", "Орлова"
    archive_school.clerk.save()
    client.force_login(archive_school.clerk)
    assert client.get(f"/archive/files/{archive_file.pk}/").status_code == 200
    row = Disclosure.objects.get()
    assert (row.learner, row.ground, row.recorded_by, row.document) == (
        None,
        DisclosureGround.ARCHIVE,
        archive_school.clerk,
        None,
    )
    assert row.what == f"Архивная копия: {snapshot}, файл «{archive_file.name}»"[:300]
    assert row.recipient == "Нина Орлова (Делопроизводитель)"


def test_archive_manifest_download_writes_row(client, archive_school, snapshot):
    client.force_login(archive_school.deputy)
    assert client.get(f"/archive/snapshots/{snapshot.pk}/manifest/").status_code == 200
    row = Disclosure.objects.get()
    assert (row.what, row.ground) == (
        f"Архивная копия: {snapshot}, манифест",
        DisclosureGround.ARCHIVE,
    )


def test_archive_refused_download_writes_no_row(client, archive_school, snapshot):
    archive_file = snapshot.files.get(group_name="5А", kind="workbook")
    client.force_login(archive_school.school.user(Role.TEACHER))
    assert client.get(f"/archive/files/{archive_file.pk}/").status_code in (403, 404)
    assert Disclosure.objects.count() == 0


@pytest.mark.parametrize(("actor", "shown"), [("deputy", True), ("director", True)])
def test_log_readers_see_all_rows(client, school, actor, shown):
    DisclosureFactory(learner=school.learner, what="Справка № СО-3")
    DisclosureFactory(learner=None, what="Архивная копия: Снимок № 1", ground="archive")
    client.force_login(getattr(school, actor))
    response = client.get(reverse("documents_disclosures"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Справка № СО-3" in page
    assert "Архивная копия: Снимок № 1" in page


@pytest.mark.parametrize("actor", ["teacher", "clerk", "parent", "class_teacher"])
def test_log_others_forbidden(client, school, actor):
    user = school.class_teacher.user if actor == "class_teacher" else getattr(school, actor)
    client.force_login(user)
    response = client.get(reverse("documents_disclosures"))
    assert response.status_code == 403
    assert LOG_READERS_ONLY in response.content.decode()


def test_log_filtered_by_learner_and_period(client, school):
    DisclosureFactory(learner=school.learner, what="Справка № СО-3")
    DisclosureFactory(learner=school.other_learner, what="Выписка № ВЖ-2")
    client.force_login(school.deputy)
    response = client.get(reverse("documents_disclosures"), {"q": "Лебедева"})
    assert [row.what for row in response.context["page"]] == ["Выписка № ВЖ-2"]
    row = Disclosure.objects.get(what="Справка № СО-3")
    day = row.disclosed_at.date()
    none = client.get(
        reverse("documents_disclosures"), {"until": (day.replace(year=day.year - 1)).isoformat()}
    )
    assert list(none.context["page"]) == []


def test_family_sees_only_rows_about_own_learner(client, school):
    DisclosureFactory(learner=school.learner, what="Справка № СО-3")
    DisclosureFactory(learner=school.other_learner, what="Выписка № ВЖ-2")
    DisclosureFactory(learner=None, what="Архивная копия: Снимок № 1", ground="archive")
    client.force_login(school.parent)
    page = client.get(reverse("documents_family")).content.decode()
    assert "Справка № СО-3" in page
    assert "Выписка № ВЖ-2" not in page
    assert "Архивная копия" not in page


def test_menu_log_for_deputy_not_for_clerk(client, school):
    client.force_login(school.deputy)
    pages = client.get(reverse("documents_register")).context["nav_pages"]
    assert ("/documents/disclosures/", "Журнал передачи сведений") in pages
    assert ("/documents/", "Документы") in pages
    client.force_login(school.clerk)
    pages = client.get(reverse("documents_register")).context["nav_pages"]
    assert ("/documents/disclosures/", "Журнал передачи сведений") not in pages
    client.force_login(school.parent)
    pages = client.get(reverse("documents_family")).context["nav_pages"]
    assert ("/documents/family/", "Документы") in pages
