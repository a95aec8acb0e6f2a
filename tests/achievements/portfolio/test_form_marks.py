"""The achievement form marks what is required and what is wrong beside each field, and
a refusal keeps the files already attached: the person corrects the form and sends it
again without choosing them a second time."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from achievements.models import Achievement
from achievements.portfolio import drafts
from tests.achievements.portfolio.factories import category
from tests.achievements.portfolio.files import EXE, pdf_bytes, upload
from tests.achievements.portfolio.html import widget_attrs

pytestmark = pytest.mark.django_db

PROOF = "Приложите подтверждающий документ: скан или фото диплома, грамоты, протокола."
FUTURE = "Дата достижения не может быть в будущем."


def _data(**overrides):
    data = {
        "category": category("olympiad").pk,
        "title": "Муниципальный этап ВсОШ по математике",
        "level": "municipal",
        "result": "winner",
        "stage": "municipal",
        "date": "2026-10-05",
        **overrides,
    }
    return {k: v for k, v in data.items() if v is not None}


def _url(school):
    return f"/portfolio/learners/{school.learner.pk}/new/"


def _drafts_on_disk(user) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / drafts.FOLDER / str(user.pk)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_form_required_fields_marked_with_attribute(client, school):
    client.force_login(school.parent)

    page = client.get(_url(school)).content.decode()

    mark = '<span class="required-mark" aria-hidden="true">*</span>'
    assert f'<p class="help required-note">{mark} — обязательное поле.</p>' in page
    assert f'<div class="form-label"><label for="id_title">Название</label>{mark}</div>' in page
    assert "required" in widget_attrs(page, "id_title")
    assert "required" in widget_attrs(page, "id_files")
    assert "required" not in widget_attrs(page, "id_organiser")
    assert "aria-invalid" not in widget_attrs(page, "id_title")


def test_form_files_not_required_of_class_teacher(client, school):
    client.force_login(school.class_teacher.user)

    page = client.get(_url(school)).content.decode()

    assert "required" not in widget_attrs(page, "id_files")
    assert '<label for="id_files">Подтверждающие документы</label></div>' in page


def test_form_family_without_files_refused_beside_field(client, school):
    client.force_login(school.parent)

    response = client.post(_url(school), _data())

    page = response.content.decode()
    assert response.context["form"].errors == {"files": [PROOF]}
    assert f'<div class="field-error" id="id_files_error"><p>{PROOF}</p></div>' in page
    assert widget_attrs(page, "id_files")["aria-invalid"] == "true"
    assert widget_attrs(page, "id_files")["aria-describedby"] == "id_files_helptext id_files_error"
    assert Achievement.objects.count() == 0


def test_form_refusal_keeps_files_then_saves_them(client, school):
    client.force_login(school.parent)
    content = pdf_bytes()
    future = (timezone.localdate() + timedelta(days=1)).isoformat()

    refused = client.post(
        _url(school), {**_data(date=future), "files": [upload("диплом.pdf", content)]}
    )

    kept = refused.context["kept"]
    page = refused.content.decode()
    assert refused.context["form"].errors == {"date": [FUTURE]}
    assert [(k.name, k.size) for k in kept] == [("диплом.pdf", len(content))]
    assert (
        f'<input type="checkbox" name="kept" value="{kept[0].token}" id="kept-1" checked>' in page
    )
    assert len(_drafts_on_disk(school.parent)) == 1
    assert Achievement.objects.count() == 0

    saved = client.post(
        _url(school), {**_data(), "drafts": [kept[0].token], "kept": [kept[0].token]}
    )

    achievement = Achievement.objects.get()
    evidence = achievement.evidence.get()
    assert saved.status_code == 302
    assert (evidence.original_name, evidence.size) == ("диплом.pdf", len(content))
    assert evidence.file.read() == content
    assert _drafts_on_disk(school.parent) == []


def test_form_kept_file_unticked_dropped_and_proof_asked(client, school):
    client.force_login(school.parent)
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    refused = client.post(
        _url(school), {**_data(date=future), "files": [upload("диплом.pdf", pdf_bytes())]}
    )
    token = refused.context["kept"][0].token

    response = client.post(_url(school), {**_data(), "drafts": [token]})

    assert response.context["form"].errors == {"files": [PROOF]}
    assert response.context["kept"] == []
    assert _drafts_on_disk(school.parent) == []
    assert Achievement.objects.count() == 0


def test_form_kept_token_of_another_person_ignored(client, school):
    client.force_login(school.parent)
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    refused = client.post(
        _url(school), {**_data(date=future), "files": [upload("диплом.pdf", pdf_bytes())]}
    )
    token = refused.context["kept"][0].token
    client.force_login(school.class_teacher.user)

    response = client.post(_url(school), {**_data(), "drafts": [token], "kept": [token]})

    assert response.status_code == 302
    assert Achievement.objects.get().evidence.count() == 0
    assert len(_drafts_on_disk(school.parent)) == 1


def test_form_forged_token_ignored(client, school):
    client.force_login(school.parent)

    response = client.post(_url(school), {**_data(), "drafts": ["x:y"], "kept": ["x:y"]})

    assert response.context["form"].errors == {"files": [PROOF]}
    assert response.context["kept"] == []


def test_form_bad_file_refused_beside_field_not_kept(client, school):
    client.force_login(school.parent)
    future = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client.post(
        _url(school),
        {
            **_data(date=future),
            "files": [upload("диплом.pdf", pdf_bytes()), upload("grade.exe", EXE)],
        },
    )

    errors = response.context["form"].errors
    assert errors["date"] == [FUTURE]
    assert errors["files"] == [
        "Файл «grade.exe» не похож на PDF, JPEG или PNG. Загрузите скан или фотографию "
        "документа в одном из этих форматов."
    ]
    assert [k.name for k in response.context["kept"]] == ["диплом.pdf"]
    assert Achievement.objects.count() == 0


def test_form_refusal_purges_the_persons_copies_older_than_a_day(client, school):
    client.force_login(school.parent)
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    client.post(_url(school), {**_data(date=future), "files": [upload("старый.pdf", pdf_bytes())]})
    [old] = _drafts_on_disk(school.parent)
    old_path = Path(settings.MEDIA_ROOT) / drafts.FOLDER / str(school.parent.pk) / old
    two_days_ago = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(old_path, (two_days_ago, two_days_ago))

    client.post(_url(school), {**_data(date=future), "files": [upload("новый.pdf", pdf_bytes())]})

    remaining = _drafts_on_disk(school.parent)
    assert len(remaining) == 1
    assert remaining != [old]
