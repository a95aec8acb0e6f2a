"""The learner's documents page, the draft preview and the sign-off page: the office
issues, the class teacher reads (and signs their class), anyone else gets 404."""

import pytest
from django.urls import reverse

from archive.models import Disclosure, IssuedDocument, RegisterCounter, YearResultsSignoff
from common.models import DocumentDownload
from learners.models import Role
from learners.selectors import current_year
from tests.archive.documents.learner_data import build_learner_record
from tests.factories import LearnerFactory, UserFactory


@pytest.fixture
def record(db):
    return build_learner_record()


def page(record):
    return reverse("documents_learner", args=[record.learner.pk])


def test_office_issues_a_certificate_to_the_mother_from_the_page(client, record):
    client.force_login(record.clerk)
    guardian = f"guardian-{record.mother.pk}"
    response = client.post(
        page(record),
        {"kind": "study_certificate", "recipient": guardian, "purpose": "для бассейна",
         "action": "issue"},
    )  # fmt: skip
    assert response.status_code == 302
    document = IssuedDocument.objects.get()
    assert (document.registration_number, document.recipient, document.to_family) == (
        "СО-1",
        "Титова Татьяна Алексеевна (мать)",
        True,
    )
    assert document.purpose == "для бассейна"
    assert Disclosure.objects.get().document == document
    shown = client.get(page(record)).content.decode()
    assert "Выдан документ «Справка об обучении — Титов М.А.» № СО-1" in shown
    assert reverse("documents_file", args=[document.pk]) in shown
    assert "Титова Татьяна Алексеевна (мать)" in shown


def test_issue_to_another_organisation_is_not_a_family_document(client, record):
    client.force_login(record.deputy)
    client.post(
        page(record),
        {"kind": "journal_extract", "recipient": "other", "other_recipient": "МБОУ СОШ № 9",
         "academic_year": str(record.second_year.pk), "action": "issue"},
    )  # fmt: skip
    document = IssuedDocument.objects.get()
    assert (document.registration_number, document.recipient, document.to_family) == (
        "ВЖ-1",
        "МБОУ СОШ № 9",
        False,
    )
    assert document.academic_year == record.second_year
    assert Disclosure.objects.count() == 0


def test_other_organisation_without_its_name_is_a_russian_error(client, record):
    client.force_login(record.clerk)
    response = client.post(
        page(record), {"kind": "study_certificate", "recipient": "other", "action": "issue"}
    )
    assert response.status_code == 200
    assert (
        "Другая организация (наименование): Укажите организацию, которой выдаётся документ."
        in response.content.decode()
    )
    assert IssuedDocument.objects.count() == 0
    assert RegisterCounter.objects.count() == 0


def test_learner_without_marks_gets_the_message_and_no_number(client, record):
    client.force_login(record.clerk)
    other = LearnerFactory()
    response = client.post(
        reverse("documents_learner", args=[other.pk]),
        {"kind": "study_certificate", "recipient": "learner", "action": "issue"},
    )
    assert response.status_code == 200
    assert "У обучающегося нет отметок: справку об обучении выдать нельзя." in (
        response.content.decode()
    )
    assert IssuedDocument.objects.count() == 0
    assert RegisterCounter.objects.count() == 0


def test_preview_is_a_logged_draft_without_a_number(client, record):
    client.force_login(record.clerk)
    url = reverse("documents_learner_preview", args=[record.learner.pk, "study_certificate"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert DocumentDownload.objects.filter(user=record.clerk).count() == 1
    assert IssuedDocument.objects.count() == 0
    assert RegisterCounter.objects.count() == 0


def test_preview_button_redirects_to_the_draft(client, record):
    client.force_login(record.clerk)
    response = client.post(
        page(record),
        {"kind": "journal_extract", "recipient": "learner", "action": "preview",
         "academic_year": str(record.second_year.pk)},
    )  # fmt: skip
    expected = reverse("documents_learner_preview", args=[record.learner.pk, "journal_extract"])
    assert response.url == f"{expected}?year={record.second_year.pk}"


def test_preview_of_an_unknown_kind_is_404(client, record):
    client.force_login(record.clerk)
    url = reverse("documents_learner_preview", args=[record.learner.pk, "graduates_list"])
    assert client.get(url).status_code == 404


def test_preview_without_marks_shows_the_message(client, record):
    client.force_login(record.clerk)
    other = LearnerFactory()
    url = reverse("documents_learner_preview", args=[other.pk, "yearly_results"])
    response = client.get(url)
    assert response.status_code == 200
    assert "У обучающегося нет отметок: итоговые результаты выдать нельзя." in (
        response.content.decode()
    )


def test_class_teacher_reads_the_page_without_the_issue_form(client, record):
    client.force_login(record.teacher_6.user)
    response = client.get(page(record))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Документы об обучении: Титов Михаил Андреевич" in body
    assert "Выдать документ" not in body
    posted = client.post(
        page(record), {"kind": "study_certificate", "recipient": "learner", "action": "issue"}
    )
    assert posted.status_code == 404
    assert IssuedDocument.objects.count() == 0


@pytest.mark.parametrize("who", ["teacher_5", "subject_teacher", "parent", "stranger"])
def test_others_get_404_on_the_learner_page(client, record, who):
    users = {
        "teacher_5": record.teacher_5.user,  # led the class last year, not now
        "subject_teacher": record.subject_teacher,
        "parent": record.mother.user,
        "stranger": UserFactory(roles=[Role.TEACHER]),
    }
    client.force_login(users[who])
    assert client.get(page(record)).status_code == 404
    url = reverse("documents_learner_preview", args=[record.learner.pk, "study_certificate"])
    assert client.get(url).status_code == 404


def test_the_learner_card_links_the_office_to_the_documents(client, record):
    client.force_login(record.clerk)
    body = client.get(reverse("learner_detail", args=[record.learner.pk])).content.decode()
    assert "Выдано документов: 0." in body
    assert page(record) in body
    client.force_login(record.teacher_6.user)
    body = client.get(reverse("learner_detail", args=[record.learner.pk])).content.decode()
    assert "Выдано документов" not in body


def test_class_teacher_signs_one_learner_and_all_on_the_group_page(client, record):
    url = reverse("documents_signoffs", args=[record.group_5.pk])
    client.force_login(record.teacher_5.user)
    body = client.get(url).content.decode()
    assert "Итоговые результаты 5А за 2025/2026 учебный год" in body
    assert "Заверить всех" in body
    response = client.post(url, {"learner": str(record.learner.pk)}, follow=True)
    assert "Заверены итоговые результаты: 1." in response.content.decode()
    assert YearResultsSignoff.objects.get().signer_name == "Смирнова Ольга Петровна"
    client.post(url, {"all": "1"})
    assert YearResultsSignoff.objects.count() == 1


def test_office_reads_the_signoff_page_but_cannot_sign(client, record):
    url = reverse("documents_signoffs", args=[record.group_5.pk])
    client.force_login(record.deputy)
    body = client.get(url).content.decode()
    assert "Заверить всех" not in body
    assert client.post(url, {"all": "1"}).status_code == 404
    assert YearResultsSignoff.objects.count() == 0


def test_another_teacher_gets_404_on_the_signoff_page(client, record):
    client.force_login(record.teacher_6.user)
    url = reverse("documents_signoffs", args=[record.group_5.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"all": "1"}).status_code == 404


def test_the_learner_card_links_the_office_to_register_a_request(client, record):
    card = reverse("learner_detail", args=[record.learner.pk])
    link = (
        f'<a class="button" href="/documents/requests/new/?learner={record.learner.pk}">'
        "Зарегистрировать запрос документа</a>"
    )
    for office in (record.clerk, record.deputy):
        client.force_login(office)
        assert link in client.get(card).content.decode()
    for outsider in (record.teacher_6.user, record.mother.user):
        client.force_login(outsider)
        response = client.get(card)
        assert response.status_code == 200
        assert "Зарегистрировать запрос документа" not in response.content.decode()
        assert "/documents/requests/new/" not in response.content.decode()


def test_my_class_page_links_the_class_teacher_to_the_signoffs(client, record):
    # The page lists the classes of the current year, which follows today's date.
    group = next(
        group for group in (record.group_5, record.group_6) if group.year == current_year()
    )
    client.force_login(group.class_teacher.user)
    body = client.get(reverse("my_class")).content.decode()
    assert f'<a href="/documents/signoffs/{group.pk}/">Итоговые результаты: заверение</a>' in body
    assert body.count("Итоговые результаты: заверение") == 1


def test_my_class_page_is_not_for_a_teacher_or_a_parent(client, record):
    for outsider in (record.subject_teacher, record.mother.user):
        client.force_login(outsider)
        response = client.get(reverse("my_class"))
        assert response.status_code == 403
        assert "Итоговые результаты: заверение" not in response.content.decode()
