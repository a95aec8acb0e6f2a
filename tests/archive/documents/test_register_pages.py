"""The office's pages (R-AR-6, R-AR-7): the register of issued documents with its
filters and pages, one issued document and its duplicate, the list of requests with
overdue ones marked, a request registered on the family's behalf, and the answer to
a request: preview, issue, refusal. Who may open them."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from archive.documents.requests import request_create
from archive.documents.services import issue_document
from archive.models import (
    Disclosure,
    DocumentKind,
    InfoRequest,
    IssuedDocument,
    RegisterCounter,
    RequestChannel,
    RequestStatus,
)
from common.models import DocumentDownload
from tests.archive.documents.factories import InfoRequestFactory, IssuedDocumentFactory
from tests.archive.documents.request_data import School

PURPOSE = "для предъявления по месту работы"
OFFICE_ONLY = "Документы выдают делопроизводитель, заместитель директора и директор."


@pytest.fixture
def school(db) -> School:
    return School()


def messages_of(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


def registered(school, learner=None):
    return request_create(
        learner=learner or school.learner,
        kind=DocumentKind.STUDY_CERTIFICATE,
        purpose=PURPOSE,
        channel=RequestChannel.ONLINE,
        actor=school.parent,
    )


@pytest.mark.parametrize(
    "url", ["documents_register", "documents_requests", "documents_request_new"]
)
@pytest.mark.parametrize(
    ("actor", "status"),
    [("deputy", 200), ("director", 200), ("clerk", 200), ("teacher", 403), ("parent", 403)],
)
def test_office_pages_access(client, school, url, actor, status):
    client.force_login(getattr(school, actor))
    response = client.get(reverse(url))
    assert response.status_code == status
    if status == 403:
        assert OFFICE_ONLY in response.content.decode()


def test_register_lists_filters_and_marks_duplicates(client, school):
    certificate = IssuedDocumentFactory(
        learner=school.learner, number=7, title="Справка — Соколов И.П."
    )
    IssuedDocumentFactory(
        learner=school.learner, number=8, title="Справка — Соколов И.П. (дубликат)",
        duplicate_of=certificate,
    )  # fmt: skip
    IssuedDocumentFactory(
        learner=school.other_learner, kind=DocumentKind.JOURNAL_EXTRACT, number=3, year=2025,
        title="Выписка — Лебедева О.И.",
    )  # fmt: skip
    client.force_login(school.clerk)
    page = client.get(reverse("documents_register")).content.decode()
    assert "СО-7" in page
    assert "дубликат № СО-7" in page
    assert "ВЖ-3" in page
    by_kind = client.get(reverse("documents_register"), {"kind": "journal_extract"})
    assert [d.registration_number for d in by_kind.context["page"]] == ["ВЖ-3"]
    by_year = client.get(reverse("documents_register"), {"year": "2026"})
    assert [d.registration_number for d in by_year.context["page"]] == ["СО-8", "СО-7"]
    by_name = client.get(reverse("documents_register"), {"q": "Лебедева"})
    assert [d.registration_number for d in by_name.context["page"]] == ["ВЖ-3"]


def test_register_page_queries_constant(client, school):
    client.force_login(school.clerk)
    IssuedDocumentFactory(learner=school.learner)
    client.get(reverse("documents_register"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("documents_register"))
    for _ in range(5):
        IssuedDocumentFactory(learner=school.other_learner)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("documents_register"))
    assert len(many) == len(few)


def test_register_paged_keeps_filter(client, school):
    for number in range(1, 53):
        IssuedDocumentFactory(learner=school.learner, number=number)
    client.force_login(school.clerk)
    page = client.get(reverse("documents_register"), {"kind": "study_certificate"})
    assert len(page.context["page"]) == 50
    assert "?kind=study_certificate&amp;page=2" in page.content.decode()


def test_document_page_and_duplicate(client, school):
    original = issue_document(
        kind=DocumentKind.STUDY_CERTIFICATE,
        learner=school.learner,
        recipient="Соколова Анна Петровна (мать)",
        to_family=True,
        actor=school.deputy,
    )
    client.force_login(school.deputy)
    page = client.get(reverse("documents_document", args=[original.pk])).content.decode()
    assert original.sha256 in page
    assert "Выдать дубликат" in page
    response = client.post(
        reverse("documents_duplicate", args=[original.pk]),
        {"recipient": "Соколова Анна Петровна (мать)", "reason": "утрата оригинала"},
        follow=True,
    )
    copy = IssuedDocument.objects.get(duplicate_of=original)
    assert messages_of(response) == [f"Выдан дубликат № {copy.registration_number}."]
    assert copy.title == "Справка об обучении — Соколов И.П. (дубликат)"
    assert copy.registration_number == "СО-2"
    assert copy.content["duplicate_reason"] == "утрата оригинала"
    page = client.get(reverse("documents_document", args=[original.pk])).content.decode()
    assert f"№ {copy.registration_number}" in page


def test_duplicate_without_reason_refused_nothing_issued(client, school):
    original = IssuedDocumentFactory(learner=school.learner)
    client.force_login(school.clerk)
    response = client.post(
        reverse("documents_duplicate", args=[original.pk]),
        {"recipient": "Соколова Анна Петровна (мать)", "reason": ""},
        follow=True,
    )
    assert messages_of(response) == ["Обязательное поле."]
    assert IssuedDocument.objects.count() == 1
    assert RegisterCounter.objects.count() == 0


def test_duplicate_by_parent_refused(client, school):
    original = IssuedDocumentFactory(learner=school.learner)
    client.force_login(school.parent)
    response = client.post(
        reverse("documents_duplicate", args=[original.pk]),
        {"recipient": "Соколова", "reason": "утрата"},
    )
    assert response.status_code == 404
    assert IssuedDocument.objects.count() == 1


def test_document_file_stored_copy_logged(client, school):
    document = IssuedDocumentFactory(learner=school.learner)
    client.force_login(school.clerk)
    response = client.get(reverse("documents_file", args=[document.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n% test document\n%%EOF\n"
    assert list(DocumentDownload.objects.values_list("kind", "sha256")) == [
        ("issued_document", document.sha256)
    ]


@pytest.mark.parametrize("actor", ["teacher", "other_parent"])
def test_document_outside_scope_404(client, school, actor):
    document = IssuedDocumentFactory(learner=school.learner)
    client.force_login(getattr(school, actor))
    assert client.get(reverse("documents_document", args=[document.pk])).status_code == 404
    assert client.get(reverse("documents_file", args=[document.pk])).status_code == 404


def test_requests_list_overdue_marked_and_filtered(client, school):
    today = timezone.localdate()
    InfoRequestFactory(learner=school.learner, number=1, deadline=today - timedelta(days=1))
    InfoRequestFactory(
        learner=school.other_learner, number=2, deadline=today - timedelta(days=1),
        status=RequestStatus.ISSUED,
    )  # fmt: skip
    client.force_login(school.clerk)
    response = client.get(reverse("documents_requests"))
    page = response.content.decode()
    assert page.count("просрочен") == 1
    only = client.get(reverse("documents_requests"), {"status": "issued"})
    assert [r.number for r in only.context["page"]] == [2]


def test_request_new_find_learner_then_register(client, school):
    client.force_login(school.clerk)
    found = client.get(reverse("documents_request_new"), {"q": "Соколов"}).content.decode()
    assert f"?learner={school.learner.pk}" in found
    form = client.get(reverse("documents_request_new"), {"learner": school.learner.pk})
    assert [key for key, _ in form.context["form"].fields["applicant"].choices] == [
        "learner",
        f"guardian:{school.mother.pk}",
    ]
    response = client.post(
        reverse("documents_request_new"),
        {
            "learner": school.learner.pk,
            "applicant": f"guardian:{school.mother.pk}",
            "channel": "phone",
            "kind": "study_certificate",
            "purpose": PURPOSE,
            "delivery": "in_person",
        },
        follow=True,
    )
    info = InfoRequest.objects.get()
    assert messages_of(response) == [
        f"Запрос зарегистрирован под № 1, срок ответа — {info.deadline:%d.%m.%Y}."
    ]
    assert (info.channel, info.applicant_name, info.created_by) == (
        "phone",
        "Соколова Анна Петровна (мать)",
        school.clerk,
    )


def test_request_new_free_text_applicant_refused_nothing_saved(client, school):
    client.force_login(school.clerk)
    response = client.post(
        reverse("documents_request_new"),
        {
            "learner": school.learner.pk,
            "applicant": "Сосед Пётр Иванович",
            "channel": "phone",
            "kind": "study_certificate",
            "purpose": PURPOSE,
            "delivery": "in_person",
        },
    )
    assert response.status_code == 200
    assert "Заявитель: Выберите корректный вариант." in response.content.decode()
    assert InfoRequest.objects.count() == 0
    assert RegisterCounter.objects.count() == 0


def test_request_issue_by_deputy_document_in_family_account(client, school):
    info = registered(school)
    client.force_login(school.deputy)
    preview = client.get(reverse("documents_request_preview", args=[info.pk]))
    assert preview.status_code == 200
    assert preview.content.startswith(b"%PDF")
    assert IssuedDocument.objects.count() == 0
    response = client.post(reverse("documents_request_issue", args=[info.pk]), follow=True)
    document = IssuedDocument.objects.get()
    assert messages_of(response) == ["Выдан документ № СО-1: он появился в личном кабинете семьи."]
    assert (document.recipient, document.purpose, document.to_family, document.request) == (
        "Соколова Анна Петровна (мать)",
        PURPOSE,
        True,
        info,
    )
    info.refresh_from_db()
    assert info.status == RequestStatus.ISSUED
    assert Disclosure.objects.get().document == document
    again = client.post(reverse("documents_request_issue", args=[info.pk]), follow=True)
    assert messages_of(again) == ["Запрос № 1 уже закрыт (документ выдан)."]
    assert IssuedDocument.objects.count() == 1


def test_request_refuse_with_reason_shown_to_family(client, school):
    info = registered(school)
    client.force_login(school.clerk)
    empty = client.post(
        reverse("documents_request_transition", args=[info.pk]),
        {"status": "refused", "reason": ""},
        follow=True,
    )
    assert messages_of(empty) == ["Укажите причину отказа: её увидит заявитель."]
    client.post(
        reverse("documents_request_transition", args=[info.pk]),
        {"status": "refused", "reason": "Обучающийся не числится в организации"},
    )
    info.refresh_from_db()
    assert (info.status, info.answer) == ("refused", "Обучающийся не числится в организации")
    client.force_login(school.parent)
    page = client.get(reverse("documents_family")).content.decode()
    assert "Отказано — Обучающийся не числится в организации" in page
