"""The portfolio pages (R-PF-2, R-PF-3, R-LRN-2): the class page's filters, the deputy's
list of candidates for the state register of gifted children (ГИР), the ГИР badge, the
achievement form's refusals, and query counts that do not grow with the portfolio."""

from datetime import date, timedelta
from itertools import cycle

import pytest
from django.utils import timezone

from achievements.models import Achievement, AchievementLevel, AchievementStatus
from tests.achievements.portfolio.factories import AchievementFactory, EvidenceFactory, category
from tests.achievements.portfolio.html import table_rows, widget_attrs
from tests.factories import (
    EnrollmentFactory,
    GuardianshipFactory,
    LearnerFactory,
)

pytestmark = pytest.mark.django_db

P, C, R = AchievementStatus.PROPOSED, AchievementStatus.CONFIRMED, AchievementStatus.REJECTED
OLYMPIADS = "Олимпиады (всероссийская олимпиада школьников и другие)"

# The class page's rows for the entries of the ``class_entries`` fixture (conftest.py):
# learner, title, category, level, result, date, documents, status.
ROW_GTO = [
    "Антонова М.И.",
    "Нормы ГТО, III ступень",
    "Нормы комплекса ГТО",
    "Муниципальный",
    "Победитель",
    "20.05.2026",
    "1",
    "Предложено, ждёт подтверждения",
]
ROW_CONTEST = [
    "Антонова М.И.",
    "Турнир эрудитов",
    "Интеллектуальные и творческие конкурсы",
    "Школьный (уровень организации)",
    "Участник",
    "01.03.2026",
    "0",
    "Отклонено",
]
ROW_PHYSICS = [
    "Антонова М.И.",
    "ВсОШ по физике",
    OLYMPIADS,
    "Региональный",
    "Победитель",
    "10.02.2026",
    "1",
    "Подтверждено",
]
ROW_SWIMMING = [
    "Борисов Г.О.",
    "Первенство района по плаванию",
    "Спортивные соревнования и туризм",
    "Муниципальный",
    "Призёр",
    "20.09.2026",
    "2",
    "Подтверждено",
]


def _group_url(school, query=""):
    return f"/portfolio/groups/{school.group.pk}/{query}"


# The class page ------------------------------------------------------------------------------


def test_group_page_class_teacher_sees_every_entry_and_pending(client, school, class_entries):
    client.force_login(school.class_teacher.user)

    response = client.get(_group_url(school))

    assert response.status_code == 200
    assert table_rows(response) == [ROW_GTO, ROW_CONTEST, ROW_PHYSICS, ROW_SWIMMING]
    assert [a.title for a in response.context["pending"]] == ["Нормы ГТО, III ступень"]
    page = response.content.decode()
    assert "<h2>Ждут подтверждения: 1</h2>" in page
    gto = class_entries[2]
    assert (
        f'<li><a href="/portfolio/achievements/{gto.pk}/">Антонова М.И.: Нормы ГТО, III ступень</a>'
        "</li>"
    ) in page
    for foreign in ("Олимпиада выбывшего", "Олимпиада из 5Б"):
        assert foreign not in page


# Query → the rows the class teacher sees; an invalid filter is ignored.
FILTERS = {
    "category={olympiad}": [ROW_PHYSICS],
    "category={sport}": [ROW_SWIMMING],
    "category={volunteering}": [],
    "level=municipal": [ROW_GTO, ROW_SWIMMING],
    "level=regional": [ROW_PHYSICS],
    "result=winner": [ROW_GTO, ROW_PHYSICS],
    "result=prize_winner": [ROW_SWIMMING],
    "status=proposed": [ROW_GTO],
    "status=confirmed": [ROW_PHYSICS, ROW_SWIMMING],
    "status=rejected": [ROW_CONTEST],
    "level=municipal&result=winner&status=proposed": [ROW_GTO],
    "category=&level=&result=&status=": [ROW_GTO, ROW_CONTEST, ROW_PHYSICS, ROW_SWIMMING],
    "level=galactic": [ROW_GTO, ROW_CONTEST, ROW_PHYSICS, ROW_SWIMMING],
    "status=archived": [ROW_GTO, ROW_CONTEST, ROW_PHYSICS, ROW_SWIMMING],
    "category=999999": [ROW_GTO, ROW_CONTEST, ROW_PHYSICS, ROW_SWIMMING],
}


def test_group_page_filters(client, school, class_entries):
    codes = {code: category(code).pk for code in ("olympiad", "sport", "volunteering")}
    client.force_login(school.class_teacher.user)

    shown = {}
    for query in FILTERS:
        response = client.get(_group_url(school, "?" + query.format(**codes)))
        assert response.status_code == 200
        shown[query] = table_rows(response)

    assert shown == {query: rows or [["Записей нет."]] for query, rows in FILTERS.items()}


def test_group_page_subject_teacher_confirmed_only_no_pending(client, school, class_entries):
    client.force_login(school.subject_teacher)

    response = client.get(_group_url(school, "?status=proposed"))
    everything = client.get(_group_url(school))

    assert table_rows(response) == [["Записей нет."]]
    assert table_rows(everything) == [ROW_PHYSICS, ROW_SWIMMING]
    assert "Ждут подтверждения" not in everything.content.decode()


def test_group_page_xlsx_link_keeps_filters(client, school, class_entries):
    client.force_login(school.class_teacher.user)

    response = client.get(_group_url(school, "?level=municipal&status=proposed"))

    assert (
        '<a class="button" href="?level=municipal&amp;status=proposed&amp;format=xlsx">'
        "Скачать XLSX</a>"
    ) in response.content.decode()


# ГИР --------------------------------------------------------------------------------------------


def test_group_page_gir_badge_for_flagged_learner(client, school, class_entries):
    school.classmate.is_gifted_registered = True
    school.classmate.save()
    client.force_login(school.class_teacher.user)

    response = client.get(_group_url(school))

    assert [row[0] for row in table_rows(response)] == [
        "Антонова М.И.",
        "Антонова М.И.",
        "Антонова М.И.",
        "Борисов Г.О. ГИР",
    ]
    page = response.content.decode()
    assert page.count('<span class="badge" title="В ГИР">ГИР</span>') == 1
    assert (
        f'<li><a href="/portfolio/learners/{school.classmate.pk}/">Борисов Г.О.</a> '
        '<span class="badge">ГИР</span></li>'
    ) in page
    assert (
        f'<li><a href="/portfolio/learners/{school.learner.pk}/">Антонова М.И.</a></li>'
    ) in page


def test_learner_page_gir_badge(client, school):
    school.learner.is_gifted_registered = True
    school.learner.save()
    client.force_login(school.parent)

    page = client.get(f"/portfolio/learners/{school.learner.pk}/").content.decode()

    assert (
        '<h1>Портфолио: Антонова Мария Ивановна <span class="badge" title="В ГИР о детях, '
        'проявивших выдающиеся способности">ГИР</span></h1>'
    ) in page


def _learner(last_name, **kwargs):
    return LearnerFactory(last_name=last_name, first_name="Ирина", patronymic="", **kwargs)


def test_gifted_list_exact_candidates(client, school):
    L = AchievementLevel
    # Candidates: a confirmed entry at regional level or above.
    AchievementFactory(learner=school.learner, level=L.REGIONAL)
    AchievementFactory(learner=school.learner, level=L.MUNICIPAL)
    for level in (L.ALL_RUSSIAN, L.INTERNATIONAL, L.INTERREGIONAL):
        AchievementFactory(learner=school.classmate, level=level)
    # Not candidates.
    AchievementFactory(learner=school.other_learner, level=L.MUNICIPAL)
    AchievementFactory(learner=_learner("Гаврилова"), level=L.SCHOOL)
    AchievementFactory(
        learner=_learner("Дмитриева", is_gifted_registered=True), level=L.INTERNATIONAL
    )
    AchievementFactory(learner=_learner("Егорова"), level=L.ALL_RUSSIAN, status=P)
    AchievementFactory(learner=_learner("Жукова"), level=L.REGIONAL, status=R)
    zaitseva = _learner("Зайцева")
    AchievementFactory(learner=zaitseva, level=L.MUNICIPAL)
    AchievementFactory(learner=zaitseva, level=L.INTERNATIONAL, status=P)
    _learner("Ильина")
    client.force_login(school.deputy)

    response = client.get("/portfolio/gifted/")

    assert response.status_code == 200
    assert table_rows(response) == [
        ["Антонова Мария Ивановна", "5А", "1", "Портфолио · Карточка"],
        ["Борисов Глеб Олегович", "5А", "3", "Портфолио · Карточка"],
    ]
    page = response.content.decode()
    assert f'<a href="/portfolio/learners/{school.learner.pk}/">Портфолио</a>' in page
    assert f'<a href="/admin/learners/learner/{school.learner.pk}/change/">Карточка</a>' in page


def test_gifted_list_empty(client, school):
    AchievementFactory(learner=school.learner, level=AchievementLevel.MUNICIPAL)
    client.force_login(school.deputy)

    assert table_rows(client.get("/portfolio/gifted/")) == [["Таких обучающихся нет."]]


def test_gifted_list_drops_learner_once_flagged(client, school):
    AchievementFactory(learner=school.learner, level=AchievementLevel.REGIONAL)
    client.force_login(school.deputy)
    before = table_rows(client.get("/portfolio/gifted/"))
    school.learner.is_gifted_registered = True
    school.learner.save()

    after = table_rows(client.get("/portfolio/gifted/"))

    assert (before, after) == (
        [["Антонова Мария Ивановна", "5А", "1", "Портфолио · Карточка"]],
        [["Таких обучающихся нет."]],
    )


# The achievement form ------------------------------------------------------------------------


def _form(code="olympiad", **overrides):
    """The form's data for a category given by code; None drops a field."""
    data = {
        "category": category(code).pk,
        "title": "Муниципальный этап ВсОШ по математике",
        "level": "municipal",
        "result": "winner",
        "stage": "municipal",
        "date": "2026-10-05",
        **overrides,
    }
    return {k: v for k, v in data.items() if v is not None}


def _post_new(client, school, data):
    client.force_login(school.class_teacher.user)
    return client.post(f"/portfolio/learners/{school.learner.pk}/new/", data)


@pytest.mark.parametrize(
    ("overrides", "errors", "shown"),
    [
        (
            # A week ahead: taken at collection, and a run may pass midnight before it.
            {"date": (timezone.localdate() + timedelta(days=7)).isoformat()},
            {"date": ["Дата достижения не может быть в будущем."]},
            ("date", "Дата", "Дата достижения не может быть в будущем."),
        ),
        (
            {"code": "gto", "badge": ""},
            {"badge": ["Укажите знак отличия ГТО."]},
            ("badge", "Знак ГТО", "Укажите знак отличия ГТО."),
        ),
        (
            {"title": None},
            {"title": ["Обязательное поле."]},
            ("title", "Название", "Обязательное поле."),
        ),
        (
            {"title": "   "},
            {"title": ["Обязательное поле."]},
            ("title", "Название", "Обязательное поле."),
        ),
        (
            {"level": "galactic"},
            {"level": ["Выберите корректный вариант. galactic нет среди допустимых значений."]},
            (
                "level",
                "Уровень",
                "Выберите корректный вариант. galactic нет среди допустимых значений.",
            ),
        ),
    ],
    ids=["future-date", "gto-without-badge", "no-title", "blank-title", "unknown-level"],
)
def test_achievement_form_refusals_save_nothing(client, school, overrides, errors, shown):
    field, label, text = shown

    response = _post_new(client, school, _form(**overrides))

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    # In the summary, a link to the field; beside the field, the text the field names.
    assert f'<p><a href="#id_{field}">{label}: {text}</a></p>' in page
    assert f'<div class="field-error" id="id_{field}_error"><p>{text}</p></div>' in page
    assert widget_attrs(page, f"id_{field}")["aria-invalid"] == "true"
    assert "id_" + field + "_error" in widget_attrs(page, f"id_{field}")["aria-describedby"].split()
    assert Achievement.objects.count() == 0


def test_achievement_form_today_accepted(client, school):
    response = _post_new(client, school, _form(date=timezone.localdate().isoformat()))

    assert response.status_code == 302
    assert Achievement.objects.get().date == timezone.localdate()


def test_achievement_form_gto_with_badge_keeps_badge_drops_stage(client, school):
    data = _form("gto", badge="bronze", stage="final")

    response = _post_new(client, school, data)

    assert response.status_code == 302
    achievement = Achievement.objects.get()
    assert (achievement.badge, achievement.stage) == ("bronze", "")


def test_achievement_form_olympiad_keeps_stage_drops_badge(client, school):
    response = _post_new(client, school, _form(stage="regional", badge="gold"))

    assert response.status_code == 302
    achievement = Achievement.objects.get()
    assert (achievement.stage, achievement.badge) == ("regional", "")


def test_achievement_form_title_by_family(client, school):
    client.force_login(school.parent)

    response = client.get(f"/portfolio/learners/{school.learner.pk}/new/")

    page = response.content.decode()
    assert "<h1>Предложить достижение</h1>" in page
    assert "Отправить на подтверждение" in page
    # No category is chosen yet: the picker takes what any category accepts.
    assert 'accept=".pdf,.jpg,.jpeg,.png,.docx,.pptx,.odt,.odp"' in page


# Query counts --------------------------------------------------------------------------------

CODES = ["olympiad", "contest", "sport", "gto", "project", "volunteering"]
GROUP_PAGE_QUERIES = 7
# One more than before the filters: the category choices of the filter form; one more
# for the learner's rewards, the section the rewards app adds (common/sections.py).
LEARNER_PAGE_QUERIES = 8


@pytest.mark.parametrize("count", [3, 30])
def test_group_page_query_count_constant(client, school, count, django_assert_num_queries):
    """``count`` entries of ``count`` new classmates, each with a parent and a document,
    every third of them listed in ГИР."""
    categories = cycle([category(code) for code in CODES])
    statuses = cycle([C, P, R])
    for n in range(count):
        learner = EnrollmentFactory(
            group=school.group, learner=LearnerFactory(is_gifted_registered=n % 3 == 0)
        ).learner
        GuardianshipFactory(learner=learner)
        EvidenceFactory(
            achievement=AchievementFactory(
                learner=learner, category=next(categories), status=next(statuses)
            )
        )
    client.force_login(school.class_teacher.user)

    with django_assert_num_queries(GROUP_PAGE_QUERIES):
        response = client.get(_group_url(school))

    assert len(table_rows(response)) == count
    assert len(response.context["roster"]) == count + 2


@pytest.mark.parametrize("count", [3, 30])
def test_learner_page_query_count_constant(client, school, count, django_assert_num_queries):
    categories = cycle([category(code) for code in CODES])
    statuses = cycle([C, P, R])
    for n in range(count):
        gto = n % len(CODES) == CODES.index("gto")
        EvidenceFactory(
            achievement=AchievementFactory(
                learner=school.learner,
                category=next(categories),
                status=next(statuses),
                badge="gold" if gto else "",
                date=date(2026, 10, 1) - timedelta(days=n),
            )
        )
    client.force_login(school.parent)

    with django_assert_num_queries(LEARNER_PAGE_QUERIES):
        response = client.get(f"/portfolio/learners/{school.learner.pk}/")

    assert len(table_rows(response)) == count


def test_learner_page_filter_by_category_shows_only_that_category(client, school):
    olympiad = AchievementFactory(
        learner=school.learner, category=category("olympiad"), title="ВсОШ по химии"
    )
    AchievementFactory(learner=school.learner, category=category("sport"), title="Кросс нации")
    client.force_login(school.class_teacher.user)

    page = client.get(
        f"/portfolio/learners/{school.learner.pk}/", {"category": olympiad.category_id}
    ).content.decode()

    assert "ВсОШ по химии" in page
    assert "Кросс нации" not in page
