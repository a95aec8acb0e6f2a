"""The family's documents pages (R-AR-7, R-SEC-1): their learners' documents, requests
and disclosure rows; the request form; another family's learner is 404 everywhere,
with nothing saved and no number consumed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from archive.documents.requests import request_create
from archive.documents.services import issue_document
from archive.models import (
    Delivery,
    DocumentKind,
    InfoRequest,
    RegisterCounter,
    RequestChannel,
    RequestStatus,
)
from common.models import DocumentDownload
from tests.archive.documents.factories import DisclosureFactory, IssuedDocumentFactory
from tests.archive.documents.request_data import School

PURPOSE = "для предъявления в спортивную школу"


@pytest.fixture
def school(db) -> School:
    return School()


def messages_of(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


def ask(client, user, learner, **changes):
    client.force_login(user)
    data = {"kind": DocumentKind.STUDY_CERTIFICATE, "purpose": PURPOSE, "delivery": "account"}
    data.update(changes)
    return client.post(reverse("documents_family_request", args=[learner.pk]), data, follow=True)


def issued_for(school, learner, actor=None):
    info = request_create(
        learner=learner,
        kind=DocumentKind.STUDY_CERTIFICATE,
        purpose=PURPOSE,
        delivery=Delivery.ACCOUNT,
        channel=RequestChannel.IN_PERSON,
        applicant="learner",
        actor=school.clerk,
    )
    return issue_document(
        kind=info.kind,
        learner=learner,
        to_family=True,
        recipient=info.applicant_name,
        purpose=info.purpose,
        request=info,
        actor=actor or school.deputy,
    )


def test_family_request_by_mother_registered_shown_in_account(client, school):
    response = ask(client, school.parent, school.learner)
    info = InfoRequest.objects.get()
    assert response.redirect_chain == [(reverse("documents_family"), 302)]
    assert messages_of(response) == [
        f"Запрос № 1 зарегистрирован. Срок ответа — {info.deadline:%d.%m.%Y}."
    ]
    assert (info.channel, info.applicant_name, info.purpose) == (
        RequestChannel.ONLINE,
        "Соколова Анна Петровна (мать)",
        PURPOSE,
    )
    page = response.content.decode()
    assert "Соколов Иван Петрович" in page
    assert f"№ 1 от {info.registered_on:%d.%m.%Y}" in page
    assert "Зарегистрирован" in page
    assert info.deadline.strftime("%d.%m.%Y") in page


def test_family_request_another_familys_learner_404_nothing_saved(client, school):
    response = ask(client, school.parent, school.other_learner)
    assert response.status_code == 404
    client.force_login(school.parent)
    assert (
        client.get(reverse("documents_family_request", args=[school.other_learner.pk])).status_code
        == 404
    )
    assert InfoRequest.objects.count() == 0
    assert RegisterCounter.objects.count() == 0


@pytest.mark.parametrize("actor", ["teacher", "clerk", "deputy"])
def test_family_request_staff_404(client, school, actor):
    assert ask(client, getattr(school, actor), school.learner).status_code == 404
    assert InfoRequest.objects.count() == 0


def test_family_request_empty_purpose_form_error_nothing_saved(client, school):
    response = ask(client, school.parent, school.learner, purpose="")
    assert response.status_code == 200
    assert "Для чего нужен документ: Обязательное поле." in response.content.decode()
    assert InfoRequest.objects.count() == 0
    assert RegisterCounter.objects.count() == 0


def test_family_request_kind_not_requestable_refused(client, school):
    response = ask(client, school.parent, school.learner, kind=DocumentKind.SUMMARY_STATEMENT)
    assert response.status_code == 200
    assert InfoRequest.objects.count() == 0


def test_family_page_shows_own_documents_and_disclosures_only(client, school):
    own = issued_for(school, school.learner)
    other = issued_for(school, school.other_learner)
    IssuedDocumentFactory(learner=school.learner, to_family=False, title="Внутренняя ведомость")
    client.force_login(school.parent)
    page = client.get(reverse("documents_family")).content.decode()
    assert "Справка об обучении — Соколов И.П." in page
    assert reverse("documents_file", args=[own.pk]) in page
    assert reverse("documents_file", args=[other.pk]) not in page
    assert "Внутренняя ведомость" not in page
    assert "Лебедева" not in page
    assert "Кому передавались сведения" in page
    assert "Справка об обучении — Соколов И.П. № СО-1 от" in page


def test_family_document_download_own_logged(client, school):
    own = issued_for(school, school.learner)
    client.force_login(school.parent)
    response = client.get(reverse("documents_file", args=[own.pk]) + "?download=1")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert list(DocumentDownload.objects.values_list("user", "kind", "sha256")) == [
        (school.parent.pk, "issued_document", own.sha256)
    ]


@pytest.mark.parametrize("view", ["documents_file", "documents_document"])
def test_family_document_of_another_family_404(client, school, view):
    other = issued_for(school, school.other_learner)
    internal = IssuedDocumentFactory(learner=school.learner, to_family=False)
    client.force_login(school.parent)
    assert client.get(reverse(view, args=[other.pk])).status_code == 404
    assert client.get(reverse(view, args=[internal.pk])).status_code == 404
    assert DocumentDownload.objects.count() == 0


def test_family_request_page_of_another_family_404_and_withdraw_refused(client, school):
    info = request_create(
        learner=school.other_learner,
        kind=DocumentKind.STUDY_CERTIFICATE,
        purpose=PURPOSE,
        channel=RequestChannel.IN_PERSON,
        applicant="learner",
        actor=school.clerk,
    )
    client.force_login(school.parent)
    assert client.get(reverse("documents_request", args=[info.pk])).status_code == 404
    response = client.post(
        reverse("documents_request_transition", args=[info.pk]), {"status": "withdrawn"}
    )
    assert response.status_code == 404
    info.refresh_from_db()
    assert info.status == RequestStatus.REGISTERED


def test_family_withdraws_own_request(client, school):
    ask(client, school.parent, school.learner)
    info = InfoRequest.objects.get()
    page = client.get(reverse("documents_request", args=[info.pk])).content.decode()
    assert "Отозвать" in page
    assert "Выдать документ" not in page
    assert "Отказать" not in page
    response = client.post(
        reverse("documents_request_transition", args=[info.pk]),
        {"status": "withdrawn"},
        follow=True,
    )
    assert messages_of(response) == ["Запрос отозван."]
    info.refresh_from_db()
    assert info.status == RequestStatus.WITHDRAWN


def test_family_cannot_refuse_or_issue(client, school):
    ask(client, school.parent, school.learner)
    info = InfoRequest.objects.get()
    response = client.post(
        reverse("documents_request_transition", args=[info.pk]),
        {"status": "refused", "reason": "сам себе"},
        follow=True,
    )
    assert messages_of(response) == ["Этот шаг вам недоступен. Обновите страницу."]
    assert client.post(reverse("documents_request_issue", args=[info.pk])).status_code == 404
    info.refresh_from_db()
    assert info.status == RequestStatus.REGISTERED


def test_family_page_without_children_forbidden(client, school):
    client.force_login(school.teacher)
    response = client.get(reverse("documents_family"))
    assert response.status_code == 403
    assert (
        "Страница документов — для обучающегося и его родителей (законных представителей)."
        in response.content.decode()
    )


def test_family_page_disclosure_rows_of_own_learner(client, school):
    DisclosureFactory(learner=school.learner, what="Выписка № ВЖ-4", recipient="Соколова А. П.")
    DisclosureFactory(learner=school.other_learner, what="Выписка № ВЖ-5")
    client.force_login(school.learner.user)
    page = client.get(reverse("documents_family")).content.decode()
    assert "Выписка № ВЖ-4" in page
    assert "Выписка № ВЖ-5" not in page
