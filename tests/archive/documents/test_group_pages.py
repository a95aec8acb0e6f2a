"""The office's pages of group documents, the book of certificates and the blank
calibration: previews, issues, refusals with Russian messages, and 404 for anyone
outside the office."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from archive.documents.certificates import certificate_record
from archive.models import BlankCalibration, CertificateEntry, DocumentKind, IssuedDocument
from common.models import DocumentDownload
from tests.archive.documents.group_data import build_school, build_training
from tests.archive.documents.test_group_documents import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return build_school()


@pytest.fixture
def office(client, school):
    client.force_login(school.clerk)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _entry(school):
    return certificate_record(
        learner=school.learners[1],
        academic_year=school.school.year,
        document_title="Аттестат об основном общем образовании",
        series="05 АБ",
        blank_number="0012345",
        issued_on=timezone.localdate(),
        received_by="Титов М. А.",
        with_honours=False,
        actor=school.clerk,
    )


def test_group_page_offers_the_documents_of_a_graduating_class(office, school):
    response = office.get(reverse("documents_group", args=[school.group.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ведомость (протокол) аттестации" in page
    assert "Сводная ведомость успеваемости" in page
    assert "Список выпускников с итоговыми отметками" in page
    assert 'value="Педагогическому совету"' in page
    assert 'value="В дело (номенклатура дел организации)"' in page
    assert '<option value="final">Итоговые отметки</option>' in page


def test_group_page_of_other_class_has_no_graduates_list(office, school):
    page = office.get(reverse("documents_group", args=[school.other_group.pk])).content.decode()
    assert (
        "Список выпускников с итоговыми отметками" not in page.split("<h1>")[1].split("</form>")[0]
    )
    assert "Список выпускников составляется для выпускного класса" in page


def test_group_preview_is_a_draft_pdf_and_logged(office, school):
    url = reverse("documents_group_preview", args=[school.group.pk, "attestation_statement"])
    response = office.post(
        url,
        {
            "kind": "attestation_statement",
            "attestation_statement-subject": school.subjects["maths"].pk,
            "attestation_statement-scope": f"p{school.period.pk}",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "ПРОЕКТ — документ не зарегистрирован" in text
    assert "2 Титов Михаил Андреевич 4" in text
    assert IssuedDocument.objects.count() == 0
    assert DocumentDownload.objects.filter(kind="document_preview").count() == 1


def test_group_preview_without_marks_returns_with_message(office, school):
    url = reverse("documents_group_preview", args=[school.group.pk, "summary_statement"])
    response = office.get(url, {"summary_statement-scope": f"p{school.school.periods[1].pk}"})
    assert response.status_code == 302
    assert messages_of(response) == [
        "Нет ни одной отметки за период в классе 9А (2-я четверть 2026/2027 учебного года): "
        "сводную ведомость составлять не из чего."
    ]


def test_group_issue_registers_the_document(office, school):
    response = office.post(
        reverse("documents_group", args=[school.group.pk]),
        {
            "kind": "summary_statement",
            "summary_statement-scope": "year",
            "summary_statement-recipient": "В дело",
        },
    )
    assert response.status_code == 302
    document = IssuedDocument.objects.get()
    assert (document.kind, document.group, document.period) == (
        DocumentKind.SUMMARY_STATEMENT,
        school.group,
        None,
    )
    assert messages_of(response) == [
        f"Документ «Сводная ведомость успеваемости — 9А, 2026/2027 учебный год» выдан: "
        f"№ СВ-1 от {document.issued_on:%d.%m.%Y}."
    ]
    page = office.get(reverse("documents_group", args=[school.group.pk])).content.decode()
    assert reverse("documents_file", args=[document.pk]) in page


def test_group_issue_without_recipient_and_marks_shows_errors(office, school):
    response = office.post(
        reverse("documents_group", args=[school.group.pk]),
        {
            "kind": "attestation_statement",
            "attestation_statement-subject": school.subjects["maths"].pk,
            "attestation_statement-scope": f"p{school.school.periods[1].pk}",
            "attestation_statement-recipient": "В дело",
        },
    )
    assert response.status_code == 200
    assert (
        "Нет отметок по предмету «Математика» в классе 9А (2-я четверть 2026/2027 учебного "
        "года): ведомость составлять не из чего."
    ) in response.content.decode()
    assert IssuedDocument.objects.count() == 0


def test_groups_list_links_each_group(office, school):
    page = office.get(reverse("documents_groups"), {"year": school.school.year.pk}).content.decode()
    assert reverse("documents_group", args=[school.group.pk]) in page
    assert reverse("documents_group", args=[school.other_group.pk]) in page
    assert "(выпускной)" in page


def test_certificates_page_records_an_issued_certificate(office, school):
    year = school.school.year
    response = office.post(
        f"{reverse('documents_certificates')}?year={year.pk}",
        {
            "year": year.pk,
            "record-learner": school.learners[1].pk,
            "record-document_title": "Аттестат об основном общем образовании",
            "record-series": "05 АБ",
            "record-blank_number": "0012345",
            "record-issued_on": timezone.localdate().isoformat(),
            "record-received_by": "Титов М. А.",
        },
    )
    assert response.status_code == 302
    entry = CertificateEntry.objects.get()
    assert messages_of(response) == [
        "Выдача записана в книгу под № 1; электронная копия приложения выдана."
    ]
    page = office.get(reverse("documents_certificates"), {"year": year.pk}).content.decode()
    assert "05 АБ 0012345" in page
    assert reverse("documents_blank", args=[entry.supplement.pk]) in page


def test_certificates_page_duplicate_blank_shows_message(office, school):
    _entry(school)
    year = school.school.year
    response = office.post(
        reverse("documents_certificates"),
        {
            "year": year.pk,
            "record-learner": school.learners[0].pk,
            "record-document_title": "Аттестат об основном общем образовании",
            "record-series": "05 АБ",
            "record-blank_number": "0012345",
            "record-issued_on": timezone.localdate().isoformat(),
            "record-received_by": "Антонова М. И.",
        },
    )
    assert response.status_code == 200
    assert (
        f"Бланк 05 АБ № 0012345 уже записан в книгу под № 1 ({timezone.localdate().year} г.)."
        in response.content.decode()
    )
    assert CertificateEntry.objects.count() == 1


def test_certificates_page_issues_the_book_printout(office, school):
    _entry(school)
    response = office.post(
        reverse("documents_certificates"), {"year": school.school.year.pk, "action": "book"}
    )
    assert response.status_code == 302
    document = IssuedDocument.objects.get(kind=DocumentKind.CERTIFICATES_BOOK)
    assert document.registration_number == "КА-1"


def test_certificate_duplicate_page(office, school):
    entry = _entry(school)
    response = office.post(
        reverse("documents_certificate_duplicate", args=[entry.pk]),
        {
            f"d{entry.pk}-series": "05 АБ",
            f"d{entry.pk}-blank_number": "0099999",
            f"d{entry.pk}-issued_on": timezone.localdate().isoformat(),
            f"d{entry.pk}-received_by": "Титов М. А.",
            f"d{entry.pk}-reason": "",
        },
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Дубликат записи № 1: Укажите причину выдачи дубликата."]
    assert CertificateEntry.objects.count() == 1


def test_calibration_page_bad_input_then_saved(office, school):
    url = reverse("documents_calibration")
    response = office.post(url, {"offset_x_mm": "25", "offset_y_mm": "0"})
    assert response.status_code == 200
    assert (
        "Сдвиг вправо: сдвиг не может быть больше 20 мм в любую сторону (от −20 до 20 мм)."
        in response.content.decode()
    )
    assert BlankCalibration.objects.count() == 0
    response = office.post(url, {"offset_x_mm": "1,5", "offset_y_mm": "-2"})
    assert response.status_code == 302
    assert str(BlankCalibration.objects.get()) == "1.5 × -2.0 мм"


def test_calibration_test_print_and_blank_print(office, school):
    entry = _entry(school)
    response = office.get(reverse("documents_calibration_test"))
    assert response.status_code == 200
    assert "Пробная печать на обычной бумаге" in pdf_text(response.content)
    response = office.get(reverse("documents_blank", args=[entry.supplement.pk]))
    assert response.status_code == 200
    assert "Титов Михаил Андреевич 14.03.2011" in pdf_text(response.content)
    # A print of the registered document, not a new registration.
    assert IssuedDocument.objects.count() == 1


def test_blank_print_of_another_kind_is_404(office, school):
    office.post(
        reverse("documents_group", args=[school.group.pk]),
        {"kind": "summary_statement", "summary_statement-scope": "year",
         "summary_statement-recipient": "В дело"},
    )  # fmt: skip
    document = IssuedDocument.objects.get()
    assert office.get(reverse("documents_blank", args=[document.pk])).status_code == 404


@pytest.mark.parametrize("who", ["teacher", "parent", "class_teacher"])
def test_pages_outside_the_office_refused(client, school, who):
    """Lists and forms answer 403 with the reason; a page of an object answers 404, as
    an object outside one's scope does (archive/documents/views/common.py)."""
    entry = _entry(school)
    user = {
        "teacher": school.teacher,
        "parent": school.parent,
        "class_teacher": school.group.class_teacher.user,
    }[who]
    client.force_login(user)
    statuses = {
        url: client.get(url).status_code
        for url in (
            reverse("documents_groups"),
            reverse("documents_group", args=[school.group.pk]),
            reverse("documents_group_preview", args=[school.group.pk, "summary_statement"]),
            reverse("documents_certificates"),
            reverse("documents_calibration"),
            reverse("documents_calibration_test"),
            reverse("documents_blank", args=[entry.supplement.pk]),
        )
    }
    assert statuses == {
        "/documents/groups/": 403,
        f"/documents/groups/{school.group.pk}/": 404,
        f"/documents/groups/{school.group.pk}/preview/summary_statement.pdf": 404,
        "/documents/certificates/": 403,
        "/documents/calibration/": 403,
        "/documents/calibration/test.pdf": 403,
        f"/documents/{entry.supplement.pk}/blank.pdf": 404,
    }
    duplicate = reverse("documents_certificate_duplicate", args=[entry.pk])
    assert client.post(duplicate, {}).status_code == 404
    assert client.post(reverse("documents_calibration"), {"offset_x_mm": "1"}).status_code == 403
    assert CertificateEntry.objects.count() == 1
    assert BlankCalibration.objects.count() == 0


def test_group_page_of_training_company_says_discipline(client):
    data = build_training()
    client.force_login(data.clerk)
    page = client.get(reverse("documents_group", args=[data.group.pk])).content.decode()
    assert '<label for="id_attestation_statement-subject">Дисциплина</label>' in page
    response = client.post(
        reverse("documents_group", args=[data.group.pk]),
        {
            "kind": "attestation_statement",
            "attestation_statement-subject": data.subjects["safety"].pk,
            "attestation_statement-scope": "final",
            "attestation_statement-recipient": "В дело",
        },
    )
    assert response.status_code == 302
    document = IssuedDocument.objects.get()
    assert document.title == (
        "Протокол итоговой аттестации — Охрана труда, ОТ-12, итоговые отметки, "
        "2026/2027 учебный год"
    )
    text = pdf_text(document.file.read())
    assert "Рег. № ВА-1" in text
    assert "1 Шевчук Ирина Олеговна 5" in text


def test_unknown_group_is_404_for_the_office(office):
    assert office.get(reverse("documents_group", args=[999999])).status_code == 404
