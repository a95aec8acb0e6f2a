"""Evidence uploads are checked by content, not by name (R-PF-2, R-SEC-3): only PDF,
JPEG and PNG that really open as such are kept; everything else is refused with a
message a parent understands, and a refused upload stores nothing at all."""

import hashlib
import random
import re
import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image

from achievements.models import Achievement, AchievementStatusChange, Evidence
from common.files import check_upload, sanitise_name
from tests.achievements.portfolio.factories import category
from tests.achievements.portfolio.files import (
    EXE,
    HTML,
    SVG,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    upload,
)

NOT_LIKE = (
    "Файл «{}» не похож на PDF, JPEG или PNG. Загрузите скан или фотографию документа "
    "в одном из этих форматов."
)
DAMAGED = "Файл «{}» повреждён или не открывается как {}. Сохраните его заново и загрузите ещё раз."
EMPTY = "Файл «{}» пустой."
TOO_BIG = "Файл «{}» больше {}\xa0МБ. Уменьшите скан или разделите его."


def _noise_png(width, height) -> bytes:
    """A PNG of random pixels: it does not compress, so its size is about 3·w·h."""
    pixels = random.Random(0).randbytes(width * height * 3)
    image = Image.frombytes("RGB", (width, height), pixels)
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _refusal(name, content, content_type="application/octet-stream") -> list[str]:
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(name, content, content_type))
    return caught.value.messages


# check_upload: refusals ----------------------------------------------------------------------


def test_check_upload_refuses_windows_program_renamed_to_pdf():
    assert _refusal("диплом.pdf", EXE, "application/pdf") == [NOT_LIKE.format("диплом.pdf")]


def test_check_upload_refuses_html_page():
    assert _refusal("грамота.html", HTML, "text/html") == [NOT_LIKE.format("грамота.html")]


def test_check_upload_refuses_html_page_named_pdf():
    assert _refusal("грамота.pdf", HTML, "application/pdf") == [NOT_LIKE.format("грамота.pdf")]


def test_check_upload_refuses_svg_named_png():
    assert _refusal("диплом.png", SVG, "image/png") == [NOT_LIKE.format("диплом.png")]


def test_check_upload_refuses_svg_with_xml_declaration():
    content = b'<?xml version="1.0"?>\n' + SVG
    assert _refusal("диплом.svg", content, "image/svg+xml") == [NOT_LIKE.format("диплом.svg")]


def test_check_upload_refuses_empty_file():
    assert _refusal("скан.pdf", b"", "application/pdf") == [EMPTY.format("скан.pdf")]


def test_check_upload_refuses_file_over_limit(settings):
    settings.UCHET_EVIDENCE_MAX_BYTES = 1024 * 1024
    content = _noise_png(640, 560)
    assert len(content) > 1024 * 1024
    assert _refusal("фото.png", content, "image/png") == [TOO_BIG.format("фото.png", "1,0")]


def test_check_upload_accepts_file_of_exactly_the_limit(settings):
    content = png_bytes()
    settings.UCHET_EVIDENCE_MAX_BYTES = len(content)
    assert check_upload(upload("фото.png", content, "image/png")).content == content


def test_check_upload_refuses_file_one_byte_over_limit(settings):
    content = _noise_png(640, 560)
    settings.UCHET_EVIDENCE_MAX_BYTES = len(content) - 1
    assert _refusal("фото.png", content, "image/png") == [TOO_BIG.format("фото.png", "1,0")]


def test_check_upload_refuses_truncated_jpeg():
    content = jpeg_bytes(size=(120, 90))
    half = content[: len(content) // 2]
    assert _refusal("скан.jpg", half, "image/jpeg") == [DAMAGED.format("скан.jpg", "JPG")]


def test_check_upload_refuses_pdf_header_with_garbage():
    content = b"%PDF-1.4 garbage"
    assert _refusal("скан.pdf", content, "application/pdf") == [DAMAGED.format("скан.pdf", "PDF")]


def test_check_upload_refuses_png_signature_with_garbage():
    content = b"\x89PNG\r\n\x1a\n" + b"garbage" * 10
    assert _refusal("фото.png", content, "image/png") == [DAMAGED.format("фото.png", "PNG")]


def test_check_upload_refuses_decompression_bomb_png():
    header = struct.pack(">IIBBBBB", 20000, 20000, 1, 0, 0, 0, 0)
    content = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 100))
        + _png_chunk(b"IEND", b"")
    )
    assert _refusal("фото.png", content, "image/png") == [DAMAGED.format("фото.png", "PNG")]


# check_upload: accepted files ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "content_type", "extension", "stored_name"),
    [
        ("диплом.pdf", pdf_bytes, "application/pdf", "pdf", "диплом.pdf"),
        ("грамота.jpg", jpeg_bytes, "image/jpeg", "jpg", "грамота.jpg"),
        ("грамота.jpeg", jpeg_bytes, "image/jpeg", "jpg", "грамота.jpg"),
        ("протокол.png", png_bytes, "image/png", "png", "протокол.png"),
        # The content decides, not the name.
        ("фото.jpg", png_bytes, "image/png", "png", "фото.png"),
        ("скан", pdf_bytes, "application/pdf", "pdf", "скан.pdf"),
    ],
)
def test_check_upload_accepts_real_file(name, make, content_type, extension, stored_name):
    content = make()

    checked = check_upload(upload(name, content, "application/octet-stream"))

    assert checked.content == content
    assert checked.content_type == content_type
    assert checked.extension == extension
    assert checked.name == stored_name
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_check_upload_accepts_multi_page_pdf():
    content = pdf_bytes(pages=3)
    assert check_upload(upload("протокол.pdf", content)).sha256 == (
        hashlib.sha256(content).hexdigest()
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("../../etc/passwd.png", png_bytes(), "passwd.png"),
        ("..\\..\\Windows\\system.ini.png", png_bytes(), "system.ini.png"),
        ("скан диплома?.jpeg", png_bytes(), "скан диплома.png"),
        ("диплом <script>.pdf", pdf_bytes(), "диплом _script.pdf"),
        ("грамота; rm -rf ~.pdf", pdf_bytes(), "грамота_ rm -rf.pdf"),
        ("???.pdf", pdf_bytes(), "документ.pdf"),
        ("Диплом № 5 (2026).pdf", pdf_bytes(), "Диплом № 5 (2026).pdf"),
        ("а" * 150 + ".pdf", pdf_bytes(), "а" * 100 + ".pdf"),
    ],
)
def test_check_upload_sanitises_name(name, content, expected):
    assert check_upload(upload(name, content)).name == expected


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("", "pdf", "документ.pdf"),
        (None, "jpg", "документ.jpg"),
        ("../../etc/passwd.png", "png", "passwd.png"),
        ("C:\\Users\\Мама\\скан.jpeg", "jpg", "скан.jpg"),
        ("скан диплома?.jpeg", "png", "скан диплома.png"),
        ("отчёт\x00\x1b.pdf", "pdf", "отчёт.pdf"),
        (".pdf", "pdf", "документ.pdf"),
    ],
)
def test_sanitise_name_rule(name, extension, expected):
    assert sanitise_name(name, extension) == expected


# Through the page: a refused upload stores nothing ------------------------------------------


def _stored_files() -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def _form(**extra):
    return {
        "category": category("olympiad").pk,
        "title": "Муниципальный этап ВсОШ по математике",
        "level": "municipal",
        "result": "winner",
        "stage": "municipal",
        "date": "2026-10-05",
        **extra,
    }


def _new_url(learner):
    return f"/portfolio/learners/{learner.pk}/new/"


def _assert_nothing_stored(drafts=0):
    """No entry, no evidence; only ``drafts`` good files kept for the form's second try."""
    assert Achievement.objects.count() == 0
    assert AchievementStatusChange.objects.count() == 0
    assert Evidence.objects.count() == 0
    stored = _stored_files()
    kept = [p for p in stored if "portfolio-drafts" in p.parts]
    assert (len(kept), [p for p in stored if p not in kept]) == (drafts, [])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("диплом.pdf", EXE, NOT_LIKE.format("диплом.pdf")),
        ("грамота.png", SVG, NOT_LIKE.format("грамота.png")),
        ("скан.pdf", b"%PDF-1.4 garbage", DAMAGED.format("скан.pdf", "PDF")),
    ],
)
def test_parent_proposal_with_bad_file_shows_message_and_stores_nothing(
    client, school, name, content, message
):
    client.force_login(school.parent)

    response = client.post(_new_url(school.learner), _form(files=[upload(name, content)]))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [message]
    assert f"<p>{message}</p>" in response.content.decode()
    _assert_nothing_stored()


def test_parent_proposal_with_second_file_bad_stores_none(client, school):
    client.force_login(school.parent)
    files = [
        upload("диплом.pdf", pdf_bytes()),
        upload("фото.png", HTML),
        upload("b.png", png_bytes()),
    ]

    response = client.post(_new_url(school.learner), _form(files=files))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [NOT_LIKE.format("фото.png")]
    _assert_nothing_stored(drafts=2)
    # The good files stay attached for the second try; the bad one is not kept.
    assert [k.name for k in response.context["kept"]] == ["диплом.pdf", "b.png"]


def test_class_teacher_entry_with_second_file_bad_stores_none(client, school):
    client.force_login(school.class_teacher.user)
    files = [upload("диплом.pdf", pdf_bytes()), upload("скан.jpg", jpeg_bytes()[:300])]

    response = client.post(_new_url(school.learner), _form(files=files))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [DAMAGED.format("скан.jpg", "JPG")]
    _assert_nothing_stored(drafts=1)
    assert [k.name for k in response.context["kept"]] == ["диплом.pdf"]


def test_parent_proposal_with_empty_file_refused_by_form(client, school):
    client.force_login(school.parent)

    response = client.post(_new_url(school.learner), _form(files=[upload("скан.pdf", b"")]))

    assert response.status_code == 200
    assert response.context["form"].errors == {"files": ["Отправленный файл пуст."]}
    _assert_nothing_stored()


def test_parent_proposal_with_good_files_stores_them_privately(client, school):
    client.force_login(school.parent)
    pdf, png = pdf_bytes(), png_bytes()

    response = client.post(
        _new_url(school.learner),
        _form(files=[upload("../диплом.pdf", pdf), upload("фото грамоты.jpg", png)]),
    )

    achievement = Achievement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/portfolio/achievements/{achievement.pk}/"
    evidence = list(achievement.evidence.order_by("pk"))
    assert [(e.original_name, e.content_type, e.size, e.sha256) for e in evidence] == [
        ("диплом.pdf", "application/pdf", len(pdf), hashlib.sha256(pdf).hexdigest()),
        ("фото грамоты.png", "image/png", len(png), hashlib.sha256(png).hexdigest()),
    ]
    assert {e.uploaded_by for e in evidence} == {school.parent}
    media = Path(settings.MEDIA_ROOT)
    assert _stored_files() == sorted(media / e.file.name for e in evidence)
    for e, content in zip(evidence, [pdf, png], strict=True):
        # A random name under the learner's folder; the family's name is only kept in the row.
        assert re.fullmatch(rf"evidence/{school.learner.pk}/[0-9a-f]{{32}}\.(pdf|png)", e.file.name)
        assert (media / e.file.name).read_bytes() == content
