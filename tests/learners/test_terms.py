"""Terms by kind of organisation (R-ORG-6): the main pages say обучающийся / учащийся /
слушатель, класс / объединение / учебная группа as the organisation's kind requires,
and a training company's or a centre's pages carry no school-only word."""

import io
import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from learners.models import TERMS, Organisation, OrganisationKind, Role
from learners.terms import current_terms
from tests.factories import UserFactory
from tests.schools import SchoolBuilder

pytestmark = pytest.mark.django_db

# Words of a school's regulations, as whole words in any case and ending: «класс»
# and its forms (not «классификация»), «классный руководитель», «обучающийся», «аттестат».
SCHOOL_WORDS = re.compile(
    r"\b(класс(|а|е|у|ом|ы|ов|ам|ами|ах|ный|ного|ному|ным|ном|ная|ной|ные|ных)"
    r"|обучающ\w*|аттестат\w*)\b",
    re.IGNORECASE,
)


@dataclass
class Place:
    group: object
    learner: object
    subject: object
    period: object
    deputy: object
    director: object
    clerk: object
    class_teacher: object
    teacher: object
    parent: object


@pytest.fixture
def place():
    builder = SchoolBuilder(today=timezone.localdate())
    builder.organisation()
    class_teacher = builder.class_teacher("Кураторова", "Анна")
    group = builder.group("Группа 1", class_teacher=class_teacher)
    learner = builder.learner(group, "Петров", "Пётр", account="petrov")
    teacher = builder.subject_teacher(group, "Охрана труда")
    parent = builder.parent(learner)
    return Place(
        group=group,
        learner=learner,
        subject=builder.subjects["Охрана труда"],
        period=builder.periods[0],
        deputy=builder.official(Role.DEPUTY),
        director=builder.official(Role.DIRECTOR),
        clerk=builder.official(Role.CLERK),
        class_teacher=class_teacher.user,
        teacher=teacher.user,
        parent=parent.user,
    )


def kind_is(kind):
    Organisation.objects.update(kind=kind)


def pages(p: Place):
    """The main pages, each with the role that opens it."""
    return [
        (p.deputy, reverse("overview")),
        (p.deputy, reverse("learner_search") + "?q=Петров"),
        (p.deputy, reverse("group_detail", args=[p.group.pk])),
        (p.deputy, reverse("learner_detail", args=[p.learner.pk])),
        (p.deputy, reverse("journal_index")),
        (p.deputy, reverse("statistics_index")),
        (p.deputy, reverse("portfolio_index")),
        (p.clerk, reverse("credit_index")),
        (p.teacher, reverse("credit_index")),
        (p.parent, reverse("credit_index")),
        (p.deputy, reverse("archive_index")),
        (p.deputy, reverse("documents_register")),
        (p.director, reverse("overview")),
        (p.clerk, reverse("archive_index")),
        (p.class_teacher, reverse("my_class")),
        (p.class_teacher, reverse("portfolio_index")),
        (
            p.class_teacher,
            reverse("journal_grid", args=[p.group.pk, p.subject.pk, p.period.pk]),
        ),
        (p.teacher, reverse("my_classes")),
        (p.parent, reverse("diary", args=[p.learner.pk])),
        (p.learner.user, reverse("diary", args=[p.learner.pk])),
        (p.deputy, reverse("debt_list")),
        (p.deputy, reverse("events_index")),
        (p.class_teacher, reverse("events_index")),
        (p.deputy, reverse("consent_list")),
    ]


def visible_text(html: str) -> str:
    """The page's menu, account block and <main>, without tags and attribute values
    that are not read (urls, classes)."""
    top = re.search(r'<header class="topbar">.*?</header>', html, re.S).group(0)
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", top + main, flags=re.S)
    # The register's filter lists every kind of document the office can register,
    # the school's among them (a catalogue of kinds per organisation is not built yet).
    text = re.sub(r'<select name="kind".*?</select>', " ", text, flags=re.S)
    # Labels read aloud and shown on a phone's stacked table count as text.
    labels = " ".join(re.findall(r'(?:data-label|aria-label|title|placeholder)="([^"]*)"', text))
    return re.sub(r"<[^>]+>", " ", text) + " " + labels


def render(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return visible_text(response.content.decode())


@pytest.mark.parametrize("kind", [OrganisationKind.TRAINING, OrganisationKind.ADDITIONAL])
def test_main_pages_no_school_word_when_not_a_school(client, place, kind):
    kind_is(kind)
    found = {}
    for user, url in pages(place):
        text = re.sub(r"\s+", " ", render(client, user, url))
        # Each word with the words around it, so that a failure says where it is.
        hits = [text[max(0, m.start() - 30) : m.end() + 30] for m in SCHOOL_WORDS.finditer(text)]
        if hits:
            found[f"{user.username} {url}"] = hits
    assert found == {}


@pytest.mark.parametrize(
    ("kind", "heading", "learners", "teacher_of_group"),
    [
        (OrganisationKind.SCHOOL, "Мой класс", "Обучающиеся", "Классный руководитель"),
        (OrganisationKind.ADDITIONAL, "Моё объединение", "Учащиеся", "Педагог объединения"),
        (OrganisationKind.TRAINING, "Моя учебная группа", "Слушатели", "Куратор группы"),
    ],
)
def test_group_pages_terms_of_kind(client, place, kind, heading, learners, teacher_of_group):
    kind_is(kind)
    my_group = render(client, place.class_teacher, reverse("my_class"))
    assert f"<h1>{heading}</h1>" in client.get(reverse("my_class")).content.decode()
    assert f">{heading}</a>" in client.get(reverse("my_class")).content.decode()
    assert teacher_of_group in my_group  # the role in the account block
    group = render(client, place.deputy, reverse("group_detail", args=[place.group.pk]))
    assert learners in group
    assert f"{teacher_of_group}:  Кураторова" in re.sub(r"\s+", " ", group).replace(": ", ":  ")


@pytest.mark.parametrize(
    ("kind", "groups", "column"),
    [
        (OrganisationKind.SCHOOL, "Мои классы", "Класс"),
        (OrganisationKind.ADDITIONAL, "Мои объединения", "Объединение"),
        (OrganisationKind.TRAINING, "Мои учебные группы", "Учебная группа"),
    ],
)
def test_teacher_menu_and_table_terms_of_kind(client, place, kind, groups, column):
    kind_is(kind)
    client.force_login(place.teacher)
    html = client.get(reverse("my_classes")).content.decode()
    assert f'<a href="{reverse("my_classes")}" aria-current="page">{groups}</a>' in html
    assert f"<th>{column}</th>" in html


def test_training_menu_leaves_out_school_only_pages(client, place):
    kind_is(OrganisationKind.TRAINING)
    client.force_login(place.deputy)
    titles = [title for _, title in client.get(reverse("overview")).context["nav_pages"]]
    assert "Внешняя оценка" not in titles
    assert "Результаты ГИА" not in titles
    assert "Диагностика УУД" not in titles
    assert "Статистика" in titles


def test_school_menu_keeps_school_pages(client, place):
    client.force_login(place.deputy)
    titles = [title for _, title in client.get(reverse("overview")).context["nav_pages"]]
    assert {"Внешняя оценка", "Результаты ГИА", "Диагностика УУД"} <= set(titles)


def test_search_form_refusal_in_terms_of_training(client, place):
    kind_is(OrganisationKind.TRAINING)
    client.force_login(place.deputy)
    html = client.get(reverse("learner_search") + "?group=999999").content.decode()
    assert "Такой учебной группы нет в списке. Выберите учебную группу из списка." in html
    assert "Все учебные группы" in html


def test_current_terms_school_when_no_organisation():
    assert current_terms() == TERMS[OrganisationKind.SCHOOL]


def test_current_terms_follow_kind(place):
    kind_is(OrganisationKind.ADDITIONAL)
    assert current_terms()["learners"] == "учащиеся"
    assert current_terms()["teacher_of_group"] == "педагог объединения"


def test_terms_same_keys_for_every_kind():
    keys = {kind: set(words) for kind, words in TERMS.items()}
    assert keys[OrganisationKind.ADDITIONAL] == keys[OrganisationKind.SCHOOL]
    assert keys[OrganisationKind.TRAINING] == keys[OrganisationKind.SCHOOL]


def test_statistics_xlsx_of_training_company_in_its_terms(client, place):
    from openpyxl import load_workbook

    kind_is(OrganisationKind.TRAINING)
    client.force_login(place.deputy)
    response = client.get(reverse("statistics_report_xlsx"), {"period": place.period.pk})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:4] == ["Сводка", "Учебные группы", "Предметы", "Неуспевающие"]
    assert next(book["Сводка"].iter_rows(values_only=True))[:2] == ("Показатель", "Слушателей")
    assert next(book["Учебные группы"].iter_rows(values_only=True))[:2] == (
        "Учебная группа",
        "Слушателей",
    )
    assert next(book["Неуспевающие"].iter_rows(values_only=True))[:2] == (
        "Слушатель",
        "Учебная группа",
    )


def test_portfolio_pdf_of_training_company_in_its_terms(client, place):
    from pypdf import PdfReader

    kind_is(OrganisationKind.TRAINING)
    client.force_login(place.class_teacher)
    response = client.get(reverse("portfolio_pdf", args=[place.learner.pk]))
    assert response.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Куратор группы" in text
    assert SCHOOL_WORDS.search(text) is None


def test_statistics_pdf_of_training_company_in_its_terms(client, place):
    from pypdf import PdfReader

    kind_is(OrganisationKind.TRAINING)
    client.force_login(place.deputy)
    response = client.get(reverse("statistics_report_pdf"), {"period": place.period.pk})
    assert response.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "По учебным группам" in text
    assert [m.group(0) for m in SCHOOL_WORDS.finditer(text)] == []


def test_terms_read_with_signed_in_user_no_query_of_their_own(client, place):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    kind_is(OrganisationKind.TRAINING)
    client.force_login(place.teacher)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("my_classes")).content.decode()
    assert "Мои учебные группы" in html
    reading_kind = [q["sql"] for q in queries if "learners_organisation" in q["sql"]]
    assert len(reading_kind) == 1
    assert "auth_user" in reading_kind[0]


def test_terms_change_shows_on_next_request(client, place):
    client.force_login(place.teacher)
    assert "Мои классы" in client.get(reverse("my_classes")).content.decode()
    kind_is(OrganisationKind.ADDITIONAL)
    assert "Мои объединения" in client.get(reverse("my_classes")).content.decode()
    assert current_terms()["group"] == "объединение"


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (OrganisationKind.SCHOOL, "Учётная запись не связана с обучающимся."),
        (OrganisationKind.TRAINING, "Учётная запись не связана со слушателем."),
    ],
)
def test_learner_account_without_record_refused_in_terms(client, place, kind, message):
    kind_is(kind)
    client.force_login(UserFactory(roles=[Role.LEARNER]))
    response = client.get(reverse("me"))
    assert response.status_code == 403
    assert message in response.content.decode()


def test_graduates_list_refusal_in_terms_of_training(place):
    from django.core.exceptions import ValidationError

    from archive.documents.content.graduates import graduates_list

    kind_is(OrganisationKind.TRAINING)
    with pytest.raises(ValidationError) as error:
        graduates_list(group=place.group)
    assert error.value.messages[0].startswith(
        "Группа 1 — не выпускная учебная группа: список выпускников"
    )


# --- every role's pages, and the archive snapshot, of a company and of a centre --------


@dataclass
class Rich:
    """``place`` with a journal (a lesson, a mark, a period mark), an achievement, a
    granted reward and an order: the pages then show their tables, not «нет данных»."""

    place: Place
    lesson: object
    reward: object
    order: object


@pytest.fixture
def rich(place):
    from achievements.models import AchievementStatus
    from rewards.models import RewardStatus
    from tests.achievements.factories import JournalCellFactory, LessonFactory, PeriodMarkFactory
    from tests.achievements.portfolio.factories import AchievementFactory
    from tests.rewards.factories import RewardFactory, RewardOrderFactory

    p = place
    teacher = p.teacher.staff
    lesson = LessonFactory(
        group=p.group,
        subject=p.subject,
        period=p.period,
        teacher=teacher,
        date=p.period.starts_on,
        number=1,
        topic="Инструктаж",
    )
    JournalCellFactory(lesson=lesson, learner=p.learner, attendance="", marks="5")
    PeriodMarkFactory(learner=p.learner, subject=p.subject, period=p.period, value="5")
    AchievementFactory(
        learner=p.learner, title="Конкурс профмастерства", status=AchievementStatus.CONFIRMED
    )
    # An order registered on the pages is titled in the kind's terms (rewards.services);
    # the model's default title is a school's.
    order = RewardOrderFactory(date=p.period.starts_on, title="О поощрении")
    reward = RewardFactory(
        learner=p.learner,
        year=p.group.year,
        status=RewardStatus.APPROVED,
        order=order,
        created_by=p.class_teacher,
    )
    return Rich(place=p, lesson=lesson, reward=reward, order=order)


def every_role_pages(r: Rich):
    """Each role's start pages (as its menu lists them) and the pages one click away:
    a group's, a learner's, the journal's, the rewards', the archive's."""
    from django.test import RequestFactory

    from learners.context_processors import navigation

    p = r.place
    users = [p.teacher, p.class_teacher, p.deputy, p.director, p.clerk, p.parent, p.learner.user]
    found = []
    for user in users:
        # The menu as the page shows it: without the pages of another kind's regulation.
        request = RequestFactory().get("/")
        request.user = user
        for url, _title in navigation(request)["nav_pages"]:
            if url != reverse("admin:index"):
                found.append((user, url))
    group, learner, subject = p.group, p.learner, p.subject
    found += [
        (p.deputy, reverse("statistics_group", args=[group.pk])),
        (p.deputy, reverse("learner_dynamics", args=[learner.pk])),
        (p.class_teacher, reverse("attention")),
        (p.teacher, reverse("journal_year", args=[group.pk, subject.pk, group.year_id])),
        (p.parent, reverse("diary", args=[learner.pk])),
        (p.deputy, reverse("portfolio_group", args=[group.pk])),
        (p.deputy, reverse("portfolio_gifted")),
        (p.class_teacher, reverse("portfolio_new", args=[learner.pk])),
        (p.deputy, reverse("rewards_index")),
        (p.class_teacher, reverse("rewards_index")),
        (p.teacher, reverse("rewards_index")),
        (p.deputy, reverse("rewards_group", args=[group.pk])),
        (p.deputy, reverse("rewards_candidates") + f"?group={group.pk}"),
        (p.class_teacher, reverse("rewards_nominate") + f"?group={group.pk}"),
        (p.director, reverse("rewards_pending")),
        (p.director, reverse("rewards_order", args=[r.order.pk])),
        (p.deputy, reverse("rewards_detail", args=[r.reward.pk])),
        (p.parent, reverse("rewards_learner", args=[learner.pk])),
        (p.parent, reverse("rewards_request", args=[learner.pk])),
        (p.deputy, reverse("roster_import")),
        (p.deputy, reverse("archive_snapshot_new")),
        (p.clerk, reverse("documents_groups")),
        (p.clerk, reverse("documents_group", args=[group.pk])),
        (p.clerk, reverse("documents_learner", args=[learner.pk])),
        (p.class_teacher, reverse("documents_signoffs", args=[group.pk])),
        (p.clerk, reverse("documents_requests")),
        (p.clerk, reverse("documents_certificates")),
        (p.deputy, reverse("final_attestation_index")),
        (p.teacher, reverse("levels_index")),
        (p.teacher, reverse("lesson_new", args=[group.pk, subject.pk, p.period.pk])),
        (p.parent, reverse("documents_family")),
        (p.parent, reverse("credit_new")),
    ]
    return found


def school_words_on(client, pages_to_open) -> dict[str, list[str]]:
    """Each page's school words with the words around them, so that a failure says
    where. A start page that sends the role on to the admin site (the deputy's
    applications for credit) is left to the admin's own check."""
    found = {}
    for user, url in pages_to_open:
        client.force_login(user)
        response = client.get(url, follow=True)
        if response.redirect_chain and response.redirect_chain[-1][0].startswith("/admin/"):
            continue
        assert response.status_code == 200, url
        text = re.sub(r"\s+", " ", visible_text(response.content.decode()))
        hits = [text[max(0, m.start() - 30) : m.end() + 30] for m in SCHOOL_WORDS.finditer(text)]
        if hits:
            found[f"{user.username} {url}"] = hits
    return found


@pytest.mark.parametrize("kind", [OrganisationKind.TRAINING, OrganisationKind.ADDITIONAL])
def test_every_role_pages_no_school_word_when_not_a_school(client, rich, kind):
    kind_is(kind)
    assert school_words_on(client, every_role_pages(rich)) == {}


def test_every_role_pages_of_school_keep_school_words(client, rich):
    """The same pages of a school still say «класс» and «обучающийся» (the terms did
    not go missing, e.g. a key misspelt in a template renders as nothing)."""
    found = school_words_on(client, every_role_pages(rich))
    assert f"{rich.place.deputy.username} {reverse('rewards_index')}" in found
    assert (
        f"{rich.place.deputy.username} {reverse('statistics_group', args=[rich.place.group.pk])}"
        in found
    )


def snapshot_files(r: Rich):
    from archive.collect import Scope, class_data
    from archive.exports import class_files

    data = class_data(
        scope=Scope(year=r.place.group.year, period=r.place.period), group=r.place.group
    )
    return {file.kind: file for file in class_files(data)}


def test_snapshot_workbook_of_training_company_no_school_word(rich):
    from openpyxl import load_workbook

    from archive.models import FileKind

    kind_is(OrganisationKind.TRAINING)
    book = load_workbook(io.BytesIO(snapshot_files(rich)[FileKind.WORKBOOK].content))
    headings = list(book.sheetnames)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            headings += [str(v) for v in row if isinstance(v, str)]
    assert "Занятия" in book.sheetnames
    assert [h for h in headings if SCHOOL_WORDS.search(h)] == []
    assert "Итоги по учебной группе" in headings
    assert "Слушателей в списке" in headings


def test_snapshot_pdfs_of_training_company_no_school_word(rich):
    from pypdf import PdfReader

    from archive.models import FileKind

    kind_is(OrganisationKind.TRAINING)
    files = snapshot_files(rich)
    for kind in (FileKind.SUMMARY_PDF, FileKind.JOURNAL_PDF):
        reader = PdfReader(io.BytesIO(files[kind].content))
        text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
        assert [m.group(0) for m in SCHOOL_WORDS.finditer(text)] == [], kind
        assert "Учебная группа Группа 1" in text, kind


def test_snapshot_workbook_of_school_keeps_its_headings(rich):
    from openpyxl import load_workbook

    from archive.models import FileKind

    book = load_workbook(io.BytesIO(snapshot_files(rich)[FileKind.WORKBOOK].content))
    assert "Уроки" in book.sheetnames
    assert next(book["Посещаемость"].iter_rows(values_only=True))[:3] == (
        "№",
        "Обучающийся",
        "Пропущено уроков",
    )
