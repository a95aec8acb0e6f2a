"""Works in the portfolio (R-PF-6; 002 §4.7): a project, research or creative work is
kept as itself — a presentation or a text document (DOCX, PPTX, ODT, ODP, without
macros) beside PDF and images — while a certificate and a credit-transfer attachment
stay scans (PDF, JPEG, PNG). A refused file writes nothing; a work's file is always
downloaded, never shown inline."""

import hashlib
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError

from achievements.models import Achievement, AchievementStatus, Evidence
from achievements.portfolio import services
from common.models import DocumentDownload
from credit_transfer.models import Attachment, AttachmentKind
from credit_transfer.services.drafts import attachments_add
from tests.achievements.portfolio.factories import (
    AchievementFactory,
    EvidenceFactory,
    category,
    create_through_service,
)
from tests.common.office import (
    DOCM_MAIN,
    DOCX,
    ODT,
    PPTM_MAIN,
    PPTX,
    docx_bytes,
    odt_bytes,
    office_upload,
    pptx_bytes,
)
from tests.credit_transfer.factories import ApplicationFactory

NOT_LIKE_SCANS = (
    "Файл «{}» не похож на PDF, JPEG или PNG. Загрузите скан или фотографию документа "
    "в одном из этих форматов."
)
MACROS = "Файл «{}» содержит макросы: сохраните его как DOCX/PPTX без макросов или как PDF."
SCANS = ".pdf,.jpg,.jpeg,.png"
WORKS = ".pdf,.jpg,.jpeg,.png,.docx,.pptx,.odt,.odp"
WORKS_HELP = (
    "Сама работа — PDF, DOCX, PPTX, ODT или ODP без макросов — или её фото в JPEG или PNG, "
    "до 10 МБ каждый."
)
SCANS_HELP = "PDF, JPEG или PNG, до 10 МБ каждый: скан или фото диплома, грамоты, протокола."
EITHER_HELP = (
    "PDF, JPEG или PNG, до 10 МБ каждый: скан или фото диплома, грамоты, протокола; "
    "для проектных, исследовательских и творческих работ — также сама работа в DOCX, PPTX, "
    "ODT или ODP без макросов."
)


def _stored_files() -> list[str]:
    """Every file in private storage: evidence, drafts, anything."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _messages(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


def _post_work(client, learner, files, code="project"):
    return client.post(
        f"/portfolio/learners/{learner.pk}/new/",
        {
            "category": category(code).pk,
            "title": "Проект «Умная теплица»",
            "level": "school",
            "result": "winner",
            "date": "2026-10-05",
            "files": files,
        },
    )


def _filename(raw: str) -> str | None:
    message = EmailMessage()
    message["Content-Disposition"] = raw
    return message.get_filename()


# storing -------------------------------------------------------------------------------------


def test_parent_proposes_project_with_presentation(client, school):
    content = pptx_bytes()
    client.force_login(school.parent)

    response = _post_work(client, school.learner, [office_upload("Теплица.pptx", content)])

    achievement = Achievement.objects.get()
    evidence = achievement.evidence.get()
    assert response["Location"] == f"/portfolio/achievements/{achievement.pk}/"
    assert (achievement.status, achievement.category.code) == (
        AchievementStatus.PROPOSED,
        "project",
    )
    assert (
        evidence.original_name,
        evidence.content_type,
        evidence.size,
        evidence.sha256,
        Path(evidence.file.name).suffix,
    ) == ("Теплица.pptx", PPTX, len(content), hashlib.sha256(content).hexdigest(), ".pptx")
    assert evidence.file.read() == content
    assert _stored_files() == [evidence.file.name]


def test_class_teacher_enters_creative_work_with_odt_and_pdf(school):
    achievement = create_through_service(
        school.class_teacher.user,
        school.learner,
        uploads=[office_upload("Рассказ.odt", odt_bytes())],
        category=category("creative_work"),
        title="Рассказ «Осень»",
    )

    assert list(achievement.evidence.values_list("original_name", "content_type")) == [
        ("Рассказ.odt", ODT)
    ]


def test_work_docx_named_pptx_stored_as_docx(school):
    achievement = create_through_service(
        school.parent,
        school.learner,
        uploads=[office_upload("Доклад.pptx", docx_bytes())],
        category=category("project"),
    )

    evidence = achievement.evidence.get()
    assert (evidence.original_name, evidence.content_type, Path(evidence.file.name).suffix) == (
        "Доклад.docx",
        DOCX,
        ".docx",
    )


def test_evidence_add_to_work_accepts_odt(school):
    achievement = AchievementFactory(learner=school.learner, category=category("creative_work"))

    added = services.evidence_add(
        achievement=achievement,
        uploads=[office_upload("Стихи.odt", odt_bytes())],
        actor=school.class_teacher.user,
    )

    assert [(e.original_name, e.content_type) for e in added] == [("Стихи.odt", ODT)]


# refusals: nothing written -------------------------------------------------------------------


def test_certificate_category_refuses_docx(school):
    with pytest.raises(ValidationError) as caught:
        create_through_service(
            school.parent, school.learner, uploads=[office_upload("Диплом.docx", docx_bytes())]
        )

    assert caught.value.messages == [NOT_LIKE_SCANS.format("Диплом.docx")]
    assert (Achievement.objects.count(), Evidence.objects.count()) == (0, 0)
    assert _stored_files() == []


def test_evidence_add_to_certificate_refuses_docx(school):
    achievement = AchievementFactory(learner=school.learner)

    with pytest.raises(ValidationError) as caught:
        services.evidence_add(
            achievement=achievement,
            uploads=[office_upload("Грамота.docx", docx_bytes())],
            actor=school.class_teacher.user,
        )

    assert caught.value.messages == [NOT_LIKE_SCANS.format("Грамота.docx")]
    assert Evidence.objects.count() == 0
    assert _stored_files() == []


def test_credit_transfer_attachment_refuses_docx(school):
    application = ApplicationFactory(
        group_enrollment=school.learner.enrollments.get(group=school.group),
        applicant=school.parent,
    )

    with pytest.raises(ValidationError) as caught:
        attachments_add(
            application=application,
            uploads=[(AttachmentKind.EXTRACT, office_upload("Справка.docx", docx_bytes()))],
            actor=school.parent,
        )

    assert caught.value.messages == [NOT_LIKE_SCANS.format("Справка.docx")]
    assert Attachment.objects.count() == 0
    assert _stored_files() == []


def test_macro_presentation_renamed_pptx_refused_on_page(client, school):
    client.force_login(school.parent)
    content = pptx_bytes(main_type=PPTM_MAIN)

    response = _post_work(client, school.learner, [office_upload("Теплица.pptx", content)])

    assert response.status_code == 200
    assert response.context["form"].errors == {"__all__": [MACROS.format("Теплица.pptx")]}
    assert response.context["kept"] == []
    assert (Achievement.objects.count(), Evidence.objects.count()) == (0, 0)
    assert _stored_files() == []


def test_work_with_good_and_macro_file_stores_neither(school):
    with pytest.raises(ValidationError) as caught:
        create_through_service(
            school.parent,
            school.learner,
            uploads=[
                office_upload("Текст.docx", docx_bytes()),
                office_upload("Макрос.docx", docx_bytes(main_type=DOCM_MAIN)),
            ],
            category=category("project"),
        )

    assert caught.value.messages == [MACROS.format("Макрос.docx")]
    assert (Achievement.objects.count(), Evidence.objects.count()) == (0, 0)
    assert _stored_files() == []


# drafts --------------------------------------------------------------------------------------


def test_work_page_error_keeps_presentation_as_draft(client, school):
    client.force_login(school.parent)

    response = client.post(
        f"/portfolio/learners/{school.learner.pk}/new/",
        {
            "category": category("project").pk,
            "title": "",
            "level": "school",
            "result": "winner",
            "date": "2026-10-05",
            "files": [office_upload("Теплица.pptx", pptx_bytes())],
        },
    )

    assert response.status_code == 200
    assert [f.name for f in response.context["kept"]] == ["Теплица.pptx"]
    assert Achievement.objects.count() == 0


def test_certificate_page_error_refuses_docx_draft(client, school):
    client.force_login(school.parent)

    response = client.post(
        f"/portfolio/learners/{school.learner.pk}/new/",
        {
            "category": category("olympiad").pk,
            "title": "",
            "level": "school",
            "result": "winner",
            "date": "2026-10-05",
            "files": [office_upload("Диплом.docx", docx_bytes())],
        },
    )

    assert response.context["kept"] == []
    assert response.context["form"].errors["files"] == [NOT_LIKE_SCANS.format("Диплом.docx")]
    assert _stored_files() == []


# what the pages offer ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "accept", "help_text"),
    [(None, WORKS, EITHER_HELP), ("project", WORKS, WORKS_HELP), ("gto", SCANS, SCANS_HELP)],
)
def test_new_page_file_input_offers_what_category_accepts(client, school, code, accept, help_text):
    client.force_login(school.parent)
    data = {"category": category(code).pk, "title": ""} if code else None

    if data is None:
        response = client.get(f"/portfolio/learners/{school.learner.pk}/new/")
    else:
        response = client.post(f"/portfolio/learners/{school.learner.pk}/new/", data)

    field = response.context["form"]["files"]
    assert (field.field.widget.attrs["accept"], field.help_text) == (accept, help_text)
    assert f'accept="{accept}"' in response.content.decode()


@pytest.mark.parametrize(("code", "accept"), [("creative_work", WORKS), ("olympiad", SCANS)])
def test_achievement_page_evidence_input_offers_what_category_accepts(client, school, code, accept):
    achievement = AchievementFactory(learner=school.learner, category=category(code))
    client.force_login(school.class_teacher.user)

    response = client.get(f"/portfolio/achievements/{achievement.pk}/")

    assert response.context["evidence_form"]["files"].field.widget.attrs["accept"] == accept
    assert f'accept="{accept}"' in response.content.decode()


def test_achievement_page_shows_work_file_as_download_with_kind_and_size(client, school):
    content = pptx_bytes()
    achievement = create_through_service(
        school.parent,
        school.learner,
        uploads=[office_upload("Теплица.pptx", content)],
        category=category("project"),
    )
    evidence = achievement.evidence.get()
    client.force_login(school.class_teacher.user)

    response = client.get(f"/portfolio/achievements/{achievement.pk}/")

    # The test document is built byte for byte the same every time.
    assert len(content) == 822
    assert response.context["evidence"] == [(evidence, "презентация, PPTX, 822\xa0байта", True)]
    html = response.content.decode()
    assert f'<a href="/portfolio/evidence/{evidence.pk}/?download=1" download>Теплица.pptx</a>' in (
        html
    )
    assert "(презентация, PPTX, 822\xa0байта)" in html
    assert f'href="/portfolio/evidence/{evidence.pk}/" target="_blank"' not in html


# downloads -----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?download=1"])
def test_work_file_download_always_attachment_with_its_type(client, school, query):
    content = docx_bytes()
    achievement = create_through_service(
        school.parent,
        school.learner,
        uploads=[office_upload("Проект.docx", content)],
        category=category("project"),
    )
    evidence = achievement.evidence.get()
    client.force_login(school.class_teacher.user)

    response = client.get(f"/portfolio/evidence/{evidence.pk}/{query}")

    disposition = response["Content-Disposition"]
    assert (
        response.status_code,
        response["Content-Type"],
        disposition.split(";")[0],
        _filename(disposition),
        response["X-Content-Type-Options"],
        response["Cache-Control"],
        b"".join(response.streaming_content),
    ) == (200, DOCX, "attachment", "Проект.docx", "nosniff", "private, no-store", content)
    record = DocumentDownload.objects.get()
    assert (record.kind, record.filename, record.sha256) == (
        "evidence",
        "Проект.docx",
        hashlib.sha256(content).hexdigest(),
    )


def test_scan_download_still_inline_unless_asked(client, school):
    evidence = EvidenceFactory(achievement=AchievementFactory(learner=school.learner))
    client.force_login(school.class_teacher.user)

    response = client.get(f"/portfolio/evidence/{evidence.pk}/")

    assert (response["Content-Type"], response["Content-Disposition"].split(";")[0]) == (
        "application/pdf",
        "inline",
    )


def test_work_download_refused_to_other_parent(client, school):
    achievement = create_through_service(
        school.parent,
        school.learner,
        uploads=[office_upload("Проект.docx", docx_bytes())],
        category=category("project"),
    )
    client.force_login(school.other_parent)

    response = client.get(f"/portfolio/evidence/{achievement.evidence.get().pk}/")

    assert response.status_code == 404
    assert DocumentDownload.objects.count() == 0


def test_new_page_tells_script_which_categories_are_works(client, school):
    client.force_login(school.parent)

    response = client.get(f"/portfolio/learners/{school.learner.pk}/new/")

    attrs = response.context["form"]["files"].field.widget.attrs
    works = f"{category('project').pk},{category('creative_work').pk}"
    assert (
        attrs["data-category-field"],
        attrs["data-work-categories"],
        attrs["data-accept-works"],
        attrs["data-accept-scans"],
    ) == ("id_category", works, WORKS, SCANS)
    assert "js/portfolio_files.js" in response.content.decode()
