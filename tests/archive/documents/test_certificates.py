"""The book of issued certificates: recording a certificate (number, marks, the
supplement's electronic copy), duplicates, refusals that consume nothing, and the
book's printout."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pikepdf import pdfa

from achievements.models import MarkKind
from archive.documents.certificates import certificate_duplicate, certificate_record
from archive.documents.services import issue_document, preview_document
from archive.models import (
    CertificateEntry,
    Disclosure,
    DocumentKind,
    IssuedDocument,
    RegisterCounter,
)
from archive.models.documents import CERTIFICATES_REGISTER
from tests.archive.documents.group_data import build_school, build_training
from tests.archive.documents.test_group_documents import pdf_text

pytestmark = pytest.mark.django_db
TITLE = "Аттестат об основном общем образовании"


@pytest.fixture
def school():
    return build_school()


def record(school, learner=None, **fields):
    values = {
        "learner": learner or school.learners[1],
        "academic_year": school.school.year,
        "document_title": TITLE,
        "series": "05 АБ",
        "blank_number": "0012345",
        "issued_on": timezone.localdate(),
        "received_by": "Титов Михаил Андреевич, лично",
        "with_honours": False,
        "actor": school.clerk,
        **fields,
    }
    return certificate_record(**values)


def counter() -> int | None:
    row = RegisterCounter.objects.filter(register=CERTIFICATES_REGISTER).first()
    return row.last if row else None


def test_certificate_record_numbers_and_snapshots_marks(school):
    entry = record(school)
    assert (entry.year, entry.number) == (timezone.localdate().year, 1)
    assert entry.marks == [
        {"subject": "История", "mark": "5"},
        {"subject": "Математика", "mark": "4"},
        {"subject": "Русский язык", "mark": "3"},
    ]
    supplement = entry.supplement
    assert supplement.kind == DocumentKind.CERTIFICATE_SUPPLEMENT
    assert supplement.to_family is True
    assert supplement.learner == school.learners[1]
    assert supplement.recipient == "Титов Михаил Андреевич, лично"
    assert supplement.content["certificate_number"] == "05 АБ № 0012345"
    assert supplement.content["book_number"] == "1"
    assert Disclosure.objects.filter(document=supplement).count() == 1
    text = pdf_text(supplement.file.read())
    assert "Аттестат 05 АБ № 0012345" in text
    assert "Регистрационный номер 1" in text
    second = record(school, learner=school.learners[0], blank_number="0012346", with_honours=True)
    assert second.number == 2
    assert second.with_honours is True


def _refused(school, message, **fields):
    before = counter()
    with pytest.raises(ValidationError) as error:
        record(school, **fields)
    assert error.value.messages == [message]
    assert counter() == before
    return error


def test_certificate_record_blank_already_in_book_refused(school):
    record(school)
    _refused(
        school,
        f"Бланк 05 АБ № 0012345 уже записан в книгу под № 1 ({timezone.localdate().year} г.).",
        learner=school.learners[0],
    )
    assert CertificateEntry.objects.count() == 1
    assert IssuedDocument.objects.count() == 1


def test_certificate_record_future_date_refused(school):
    tomorrow = timezone.localdate() + timedelta(days=1)
    _refused(
        school,
        f"Дата выдачи {tomorrow:%d.%m.%Y} ещё не наступила: в книгу записывают уже выданные "
        "документы.",
        issued_on=tomorrow,
    )
    assert CertificateEntry.objects.count() == 0


def test_certificate_record_empty_blank_number_refused(school):
    _refused(school, "Укажите номер бланка.", blank_number="  ")


def test_certificate_record_learner_without_final_marks_refused(school):
    school.learners[1].period_marks.filter(kind=MarkKind.FINAL).delete()
    _refused(
        school,
        "У обучающегося Титов Михаил Андреевич нет итоговых отметок: выставьте их, прежде "
        "чем выдавать документ.",
    )
    assert IssuedDocument.objects.count() == 0
    assert CertificateEntry.objects.count() == 0


def test_certificate_record_with_honours_needs_all_fives(school):
    _refused(
        school,
        "С отличием документ выдаётся, только если все итоговые отметки — «5».",
        with_honours=True,
    )


def test_certificate_duplicate_points_at_original(school):
    original = record(school)
    duplicate = certificate_duplicate(
        original=original,
        series="05 АБ",
        blank_number="0099999",
        issued_on=timezone.localdate(),
        received_by="Титова Татьяна Алексеевна, мать",
        reason="утрата подлинника",
        actor=school.clerk,
    )
    assert duplicate.number == 2
    assert duplicate.duplicate_of == original
    assert duplicate.duplicate_reason == "утрата подлинника"
    assert duplicate.marks == original.marks
    assert duplicate.supplement.duplicate_of == original.supplement
    assert "ДУБЛИКАТ" in pdf_text(duplicate.supplement.file.read())


def test_certificate_duplicate_without_reason_refused(school):
    original = record(school)
    with pytest.raises(ValidationError) as error:
        certificate_duplicate(
            original=original,
            series="05 АБ",
            blank_number="0099999",
            issued_on=timezone.localdate(),
            received_by="Титов М. А.",
            reason="",
            actor=school.clerk,
        )
    assert error.value.messages == ["Укажите причину выдачи дубликата."]
    assert CertificateEntry.objects.count() == 1
    assert counter() == 1


def test_certificates_book_printout_lists_entries(school):
    record(school)
    record(school, learner=school.learners[0], blank_number="0012346", with_honours=True)
    document = issue_document(
        kind=DocumentKind.CERTIFICATES_BOOK,
        actor=school.clerk,
        recipient="В дело",
        academic_year=school.school.year,
    )
    content = document.file.read()
    text = pdf_text(content)
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert "Книга учёта выдачи документов об образовании" in text
    assert f"1 Титов Михаил Андреевич; 14.03.2011 {TITLE} 05 АБ 0012345 {today}" in text
    assert "История — 5; Математика — 4; Русский язык — 3" in text
    assert f"2 Антонова Мария Игоревна; 02.07.2011 {TITLE}, с отличием" in text
    assert pdfa.validate_written(io.BytesIO(content), "2b").passed


def test_certificates_book_without_entries_refused(school):
    with pytest.raises(ValidationError) as error:
        preview_document(kind=DocumentKind.CERTIFICATES_BOOK, academic_year=school.school.year)
    assert error.value.messages == ["В книге выдачи за 2026/2027 учебный год нет ни одной записи."]


def test_certificate_record_training_company_without_final_attestation_refused():
    """A document of qualification follows a positive final attestation before a
    commission (004 §2.2, §2.4); module marks alone are not enough. The entry with the
    commission's result is tested in tests/archive/documents/test_final_protocol.py."""
    data = build_training()
    with pytest.raises(ValidationError) as refusal:
        certificate_record(
            learner=data.learners[0],
            academic_year=data.school.year,
            document_title="Удостоверение о повышении квалификации",
            series="",
            blank_number="УПК-000451",
            issued_on=timezone.localdate(),
            received_by="Шевчук Ирина Олеговна",
            with_honours=False,
            actor=data.clerk,
        )
    assert refusal.value.messages == [
        f"{data.learners[0].full_name} не прошёл итоговую аттестацию с положительной оценкой: "
        "документ о квалификации не выдаётся."
    ]
    assert CertificateEntry.objects.count() == 0
    assert RegisterCounter.objects.filter(register=CERTIFICATES_REGISTER).count() == 0
