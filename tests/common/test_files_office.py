"""Works in the portfolio as office documents (R-PF-6): DOCX, PPTX, ODT and ODP are
recognised by the parts inside their ZIP container, never by name; macros, ZIP bombs,
broken or encrypted containers and every other ZIP are refused with a message a
parent understands. Scans (the default) stay PDF, JPEG and PNG only."""

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from common.files import check_upload, describe
from tests.common.office import (
    DOCM_MAIN,
    DOCX,
    MANIFEST,
    ODP,
    ODT,
    PPTM_MAIN,
    PPTX,
    content_types,
    docx_bytes,
    odf_bytes,
    odp_bytes,
    odt_bytes,
    office_upload,
    pptx_bytes,
    xlsx_bytes,
    zip_bytes,
)

NOT_LIKE_WORKS = (
    "Файл «{}» не похож на PDF, JPEG, PNG, DOCX, PPTX, ODT или ODP. Загрузите работу или "
    "скан документа в одном из этих форматов."
)
NOT_LIKE_SCANS = (
    "Файл «{}» не похож на PDF, JPEG или PNG. Загрузите скан или фотографию документа "
    "в одном из этих форматов."
)
MACROS = "Файл «{}» содержит макросы: сохраните его как {} без макросов или как PDF."
DAMAGED = "Файл «{}» повреждён или не открывается как {}. Сохраните его заново и загрузите ещё раз."
TOO_MANY_PARTS = (
    "Файл «{}» состоит из слишком многих частей (больше 2000): это не похоже на обычный "
    "документ. Сохраните его как PDF."
)
TOO_BIG_UNPACKED = (
    "Файл «{}» после распаковки больше {}: это не похоже на обычный документ. "
    "Сохраните его как PDF."
)


def _refusal(name: str, content: bytes, *, works: bool = True) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        check_upload(office_upload(name, content), works=works)
    return caught.value.messages


def _encrypted(content: bytes) -> bytes:
    """The same ZIP with every part marked encrypted, as a password-protected archive's
    parts are (zipfile cannot write one)."""
    data = bytearray(content)
    for magic, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (found := data.find(magic, start)) != -1:
            data[found + flags_at] |= 0x1
            start = found + 4
    return bytes(data)


# accepted ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "build", "content_type", "stored_name"),
    [
        ("Проект.docx", docx_bytes, DOCX, "Проект.docx"),
        ("Защита проекта.pptx", pptx_bytes, PPTX, "Защита проекта.pptx"),
        ("Реферат.odt", odt_bytes, ODT, "Реферат.odt"),
        ("Слайды.odp", odp_bytes, ODP, "Слайды.odp"),
    ],
)
def test_check_upload_work_office_document_accepted(name, build, content_type, stored_name):
    content = build()

    checked = check_upload(office_upload(name, content), works=True)

    assert (
        checked.content,
        checked.content_type,
        checked.extension,
        checked.name,
        checked.sha256,
    ) == (
        content,
        content_type,
        stored_name.rsplit(".", 1)[1],
        stored_name,
        hashlib.sha256(content).hexdigest(),
    )


def test_check_upload_docx_named_pptx_stored_as_docx():
    checked = check_upload(office_upload("презентация.pptx", docx_bytes()), works=True)

    assert (checked.content_type, checked.extension, checked.name) == (
        DOCX,
        "docx",
        "презентация.docx",
    )


# refused: not a work's format ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "build"),
    [("Проект.docx", docx_bytes), ("Слайды.pptx", pptx_bytes), ("Реферат.odt", odt_bytes)],
)
def test_check_upload_scan_refuses_office_document(name, build):
    assert _refusal(name, build(), works=False) == [NOT_LIKE_SCANS.format(name)]


def test_check_upload_work_refuses_xlsx():
    assert _refusal("таблица.xlsx", xlsx_bytes()) == [NOT_LIKE_WORKS.format("таблица.xlsx")]


def test_check_upload_work_refuses_xlsx_named_docx():
    assert _refusal("работа.docx", xlsx_bytes()) == [NOT_LIKE_WORKS.format("работа.docx")]


def test_check_upload_work_refuses_plain_zip():
    content = zip_bytes([("фото1.jpg", b"\xff\xd8\xff" + bytes(100)), ("readme.txt", b"hi")])

    assert _refusal("работа.zip", content) == [NOT_LIKE_WORKS.format("работа.zip")]


def test_check_upload_work_refuses_opendocument_spreadsheet():
    content = odf_bytes("application/vnd.oasis.opendocument.spreadsheet")

    assert _refusal("таблица.odt", content) == [NOT_LIKE_WORKS.format("таблица.odt")]


def test_check_upload_work_refuses_word_template():
    template = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"

    assert _refusal("шаблон.docx", docx_bytes(main_type=template)) == [
        NOT_LIKE_WORKS.format("шаблон.docx")
    ]


def test_check_upload_work_refuses_zip_with_mimetype_not_first():
    parts = [("content.xml", b"<x/>"), ("mimetype", ODT.encode())]

    assert _refusal("работа.odt", zip_bytes(parts)) == [NOT_LIKE_WORKS.format("работа.odt")]


def test_check_upload_work_refuses_html_with_works_message():
    content = b"<!doctype html><script>alert(1)</script>"

    assert _refusal("работа.docx", content) == [NOT_LIKE_WORKS.format("работа.docx")]


# refused: macros -----------------------------------------------------------------------------


def test_check_upload_work_refuses_docm_renamed_docx():
    content = docx_bytes(main_type=DOCM_MAIN)

    assert _refusal("проект.docx", content) == [MACROS.format("проект.docx", "DOCX/PPTX")]


def test_check_upload_work_refuses_pptm_renamed_pptx():
    content = pptx_bytes(main_type=PPTM_MAIN)

    assert _refusal("защита.pptx", content) == [MACROS.format("защита.pptx", "DOCX/PPTX")]


def test_check_upload_work_refuses_pptx_with_vba_project():
    content = pptx_bytes(extra=[("ppt/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(60))])

    assert _refusal("защита.pptx", content) == [MACROS.format("защита.pptx", "DOCX/PPTX")]


def test_check_upload_work_refuses_docx_declaring_macro_enabled_part():
    extra = f'<Override PartName="/word/extra.xml" ContentType="{DOCM_MAIN}"/>'
    content = zip_bytes(
        [
            ("[Content_Types].xml", content_types("word/document.xml", f"{DOCX}.main+xml", extra)),
            ("word/document.xml", b"<w/>"),
        ]
    )

    assert _refusal("проект.docx", content) == [MACROS.format("проект.docx", "DOCX/PPTX")]


@pytest.mark.parametrize("folder", ["Basic/Standard/Module1.xml", "Scripts/python/macro.py"])
def test_check_upload_work_refuses_odt_with_macros(folder):
    content = odt_bytes(extra=[(folder, b"<script/>")])

    assert _refusal("реферат.odt", content) == [MACROS.format("реферат.odt", "ODT/ODP")]


# refused: ZIP bombs --------------------------------------------------------------------------


def test_check_upload_work_refuses_zip_of_many_parts():
    parts = [(f"word/media/image{n}.xml", b"") for n in range(2001)]
    content = docx_bytes(extra=parts)

    assert _refusal("проект.docx", content) == [TOO_MANY_PARTS.format("проект.docx")]


def test_check_upload_work_refuses_zip_unpacking_too_large(settings):
    settings.UCHET_EVIDENCE_MAX_BYTES = 100 * 1024  # unpacked limit: 1000 KB
    content = docx_bytes(extra=[("word/media/big.xml", bytes(1024 * 1024))])
    assert len(content) < 100 * 1024

    assert _refusal("проект.docx", content) == [
        TOO_BIG_UNPACKED.format("проект.docx", "1000,0\xa0КБ")
    ]


def test_check_upload_work_refuses_zip_part_larger_than_declared():
    content = bytearray(docx_bytes(extra=[("word/media/big.xml", bytes(200_000))]))
    # The central directory says 1,000 bytes: the part unpacks past it and is refused.
    record = content.rfind(b"PK\x01\x02")
    content[record + 24 : record + 28] = (1000).to_bytes(4, "little")
    local = content.rfind(b"PK\x03\x04")
    content[local + 22 : local + 26] = (1000).to_bytes(4, "little")

    assert _refusal("проект.docx", bytes(content)) == [DAMAGED.format("проект.docx", "DOCX")]


# refused: broken or encrypted ----------------------------------------------------------------


def test_check_upload_work_refuses_truncated_docx():
    content = docx_bytes()

    assert _refusal("проект.docx", content[: len(content) // 2]) == [
        DAMAGED.format("проект.docx", "DOCX")
    ]


def test_check_upload_work_refuses_truncated_zip_of_unknown_name():
    content = pptx_bytes()

    assert _refusal("работа.zip", content[:-30]) == [
        DAMAGED.format("работа.zip", "DOCX, PPTX, ODT или ODP")
    ]


def test_check_upload_work_refuses_docx_with_corrupted_part():
    content = bytearray(docx_bytes(extra=[("word/media/text.xml", b"abc" * 2000)]))
    local = content.rfind(b"PK\x03\x04")
    name_length = int.from_bytes(content[local + 26 : local + 28], "little")
    data_at = local + 30 + name_length
    content[data_at + 5] ^= 0xFF

    assert _refusal("проект.docx", bytes(content)) == [DAMAGED.format("проект.docx", "DOCX")]


def test_check_upload_work_refuses_encrypted_zip():
    assert _refusal("проект.pptx", _encrypted(pptx_bytes())) == [
        DAMAGED.format("проект.pptx", "PPTX")
    ]


def test_check_upload_work_refuses_password_protected_odt():
    manifest = MANIFEST.format(ODT).replace(
        "</manifest:manifest>", "<manifest:encryption-data/></manifest:manifest>"
    )

    assert _refusal("реферат.odt", odt_bytes(manifest=manifest)) == [
        DAMAGED.format("реферат.odt", "ODT")
    ]


def test_check_upload_work_refuses_duplicate_parts():
    parts = [
        ("[Content_Types].xml", b"<Types/>"),
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w/>"),
    ]
    with pytest.warns(UserWarning):
        content = zip_bytes(parts)

    assert _refusal("проект.docx", content) == [DAMAGED.format("проект.docx", "DOCX")]


def test_check_upload_work_refuses_content_types_with_doctype():
    content = zip_bytes(
        [
            (
                "[Content_Types].xml",
                b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><Types/>',
            ),
            ("word/document.xml", b"<w/>"),
        ]
    )

    assert _refusal("проект.docx", content) == [DAMAGED.format("проект.docx", "DOCX")]


# describe ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "size", "text"),
    [
        (PPTX, 1_258_291, "презентация, PPTX, 1,2\xa0МБ"),
        (DOCX, 2048, "текстовый документ, DOCX, 2,0\xa0КБ"),
        (ODP, 1024 * 1024, "презентация, ODP, 1,0\xa0МБ"),
        (ODT, 500, "текстовый документ, ODT, 500\xa0байт"),
        ("application/pdf", 2048, "документ, PDF, 2,0\xa0КБ"),
        ("image/jpeg", 2048, "изображение, JPG, 2,0\xa0КБ"),
    ],
)
def test_describe_names_kind_type_and_size(content_type, size, text):
    assert describe(content_type, size) == text


def test_zip_helpers_write_mimetype_uncompressed():
    with zipfile.ZipFile(io.BytesIO(odt_bytes())) as archive:
        assert (archive.infolist()[0].filename, archive.infolist()[0].compress_type) == (
            "mimetype",
            zipfile.ZIP_STORED,
        )
