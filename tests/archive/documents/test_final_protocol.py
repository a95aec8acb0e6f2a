"""The protocol of the final attestation commission (PDF/A-2b, registered, stored once)
and the book of qualification documents of a training company (004 §2.2–2.4)."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from pikepdf import pdfa
from pypdf import PdfReader

from achievements.final_attestation.services import RowInput, results_save
from archive.documents.certificates import certificate_duplicate, certificate_record
from archive.models import CertificateEntry, DocumentKind, IssuedDocument
from learners.models import ProgrammeLevel
from tests.achievements.final_attestation.factories import build_training

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def row(learner, *, version=0, **values):
    fields = {"form": "", "work_topic": "", "work_mark": "", "final_mark": "", "qualification": ""}
    fields.update(values)
    return RowInput(learner_id=learner.pk, version=version, **fields)


@pytest.fixture
def sat():
    """ОТ-1's commission has sat: Антонова passed with «5», Борисов failed with «2»."""
    training = build_training()
    commission = training.commission()
    results_save(
        commission=commission,
        rows=[
            row(
                training.antonova,
                form="защита ПКР",
                work_topic="Программа вводного инструктажа",
                work_mark="5",
                final_mark="5",
            ),
            row(training.borisov, work_topic="Оценка рисков", work_mark="3", final_mark="2"),
        ],
        actor=training.deputy,
    )
    training.sitting = commission
    return training


def _download(client, user, commission):
    client.force_login(user)
    return client.post(reverse("final_attestation_protocol", args=[commission.pk]))


def test_protocol_issued_registered_and_readable(client, sat):
    response = _download(client, sat.deputy, sat.sitting)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    document = IssuedDocument.objects.get(kind=DocumentKind.FINAL_PROTOCOL)
    assert document.registration_number == "ПИА-1"
    assert document.group == sat.group
    assert document.content["commission"] == sat.sitting.pk
    assert default_storage.open(document.file.name).read() == content
    assert pdfa.validate_written(io.BytesIO(content), "2b").passed
    text = pdf_text(content)
    assert "Протокол заседания итоговой аттестационной комиссии" in text
    assert "Сидоров Пётр Николаевич" in text
    assert "Кузнецова Ольга Викторовна" in text
    assert "Лебедев Андрей Сергеевич" in text
    assert "Антонова Алина Сергеевна защита ПКР Программа вводного инструктажа 5 5" in text
    assert "Борисов Борис Олегович — Оценка рисков 3 2" in text
    assert "Ветрова Вера Павловна — — — —" in text
    assert "прошли итоговую аттестацию с положительной оценкой — 1" in text
    assert "Приказ № 45-о от 20.10.2026" in text
    assert "№ ПИА-1" in text


def test_protocol_pressed_again_unchanged_hands_out_same_copy(client, sat):
    first = b"".join(_download(client, sat.deputy, sat.sitting).streaming_content)
    second = b"".join(_download(client, sat.director, sat.sitting).streaming_content)
    assert first == second
    assert IssuedDocument.objects.filter(kind=DocumentKind.FINAL_PROTOCOL).count() == 1


def test_protocol_after_change_is_new_registration(client, sat):
    _download(client, sat.deputy, sat.sitting)
    results_save(
        commission=sat.sitting,
        rows=[
            row(sat.borisov, version=1, work_topic="Оценка рисков", work_mark="3", final_mark="3")
        ],
        actor=sat.deputy,
        reason="Пересдача",
    )
    response = _download(client, sat.deputy, sat.sitting)
    assert "Борисов Борис Олегович — Оценка рисков 3 3" in pdf_text(
        b"".join(response.streaming_content)
    )
    numbers = IssuedDocument.objects.filter(kind=DocumentKind.FINAL_PROTOCOL).order_by("pk")
    assert [d.registration_number for d in numbers] == ["ПИА-1", "ПИА-2"]


def test_protocol_without_final_marks_refused(client):
    training = build_training()
    commission = training.commission()
    response = _download(client, training.deputy, commission)
    assert response.status_code == 302
    assert not IssuedDocument.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Ни одному слушателю не выставлена итоговая оценка" in page


@pytest.mark.parametrize(
    ("who", "expected"), [("teacher", 403), ("other_teacher", 404), ("clerk", 403), ("parent", 403)]
)
def test_protocol_refused_outside_office(client, sat, who, expected):
    user = getattr(sat, who)
    assert _download(client, getattr(user, "user", user), sat.sitting).status_code == expected
    assert not IssuedDocument.objects.exists()


def _record(training, learner, **fields):
    values = {
        "learner": learner,
        "academic_year": training.school.year,
        "document_title": "что угодно",
        "series": "",
        "blank_number": "000123",
        "issued_on": date(2026, 11, 2),
        "received_by": learner.full_name,
        "actor": training.clerk,
    }
    values.update(fields)
    return certificate_record(**values)


def test_qualification_entry_title_and_marks_for_training_listener(sat):
    entry = _record(sat, sat.antonova)
    assert entry.document_title == "Удостоверение о повышении квалификации"
    assert entry.marks == [
        {"subject": "Модуль 1. Основы охраны труда", "mark": "5"},
        {"subject": "Модуль 2. Специальная оценка условий труда", "mark": "4"},
        {
            "subject": "Практическая квалификационная работа: Программа вводного инструктажа",
            "mark": "5",
        },
        {"subject": "Итоговая аттестация", "mark": "5"},
    ]
    assert entry.supplement is None
    assert (entry.year, entry.number) == (2026, 1)


@pytest.mark.parametrize(
    ("level", "title"),
    [
        (ProgrammeLevel.RETRAINING, "Диплом о профессиональной переподготовке"),
        (
            ProgrammeLevel.PROFESSIONAL_TRAINING,
            "Свидетельство о профессии рабочего, должности служащего",
        ),
    ],
)
def test_qualification_entry_title_follows_programme(sat, level, title):
    sat.group.programme.level = level
    sat.group.programme.save()
    assert _record(sat, sat.antonova).document_title == title


def test_qualification_entry_refused_without_positive_result(sat):
    with pytest.raises(ValidationError) as error:
        _record(sat, sat.borisov)
    assert error.value.messages == [
        "Борисов Борис Олегович не прошёл итоговую аттестацию с положительной оценкой: "
        "документ о квалификации не выдаётся."
    ]
    with pytest.raises(ValidationError):
        _record(sat, sat.vetrova)
    assert not CertificateEntry.objects.exists()


def test_qualification_entry_duplicate_repeats_marks(sat):
    entry = _record(sat, sat.antonova)
    duplicate = certificate_duplicate(
        original=entry,
        series="",
        blank_number="000200",
        issued_on=date(2026, 11, 20),
        received_by=sat.antonova.full_name,
        reason="утеря",
        actor=sat.clerk,
    )
    assert duplicate.document_title == "Удостоверение о повышении квалификации"
    assert duplicate.marks == entry.marks
    assert (duplicate.duplicate_of, duplicate.number) == (entry, 2)


def test_certificates_page_offers_only_passed_listeners(client, sat):
    client.force_login(sat.clerk)
    year = sat.school.year
    page = client.get(reverse("documents_certificates"), {"year": year.pk}).content.decode()
    assert "Антонова Алина Сергеевна" in page
    assert "Борисов Борис Олегович" not in page
    response = client.post(
        f"{reverse('documents_certificates')}?year={year.pk}",
        {
            "record-learner": sat.antonova.pk,
            "record-document_title": "Аттестат",
            "record-blank_number": "000777",
            "record-issued_on": "2026-11-02",
            "record-received_by": "Антонова А. С.",
        },
    )
    assert response.status_code == 302
    entry = CertificateEntry.objects.get()
    assert entry.document_title == "Удостоверение о повышении квалификации"
