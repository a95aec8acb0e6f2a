"""Browser journey through rewards (R-RW-3, R-RW-4, R-RW-6): the class teacher finds
two olympiad winners among the candidates and nominates both at once, the director
ticks both on the pending page and approves them into one order with its number and
date, and the parent sees the reward in the e-diary and downloads its certificate.

The data: the academic year that holds today, 5А with its class teacher Петрова, the
learners Антонова (with her mother) and Борисов, each a winner of a municipal olympiad
confirmed in the portfolio, and the director."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from achievements.models import AchievementLevel, AchievementResult, AchievementStatus
from learners.models import AcademicYear, Learner, Role
from rewards.models import Reward, RewardChange, RewardOrder, RewardStatus
from tests.achievements.portfolio.factories import AchievementFactory
from tests.e2e.browser import log_in, log_out, menu, path_of
from tests.factories import StaffFactory
from tests.rewards.factories import RewardFactory, RewardOrderFactory
from tests.schools import SchoolBuilder

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEACHER, DIRECTOR, PARENT = "petrova", "direktor", "antonova"
ORDER_NUMBER = "15-о"


@dataclass
class School:
    antonova: Learner
    borisov: Learner
    year_name: str


@pytest.fixture
def school(browser) -> School:
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    build = SchoolBuilder(today=timezone.localdate())
    build.organisation()
    teacher = build.class_teacher("Петрова", "Анна", "Сергеевна", username=TEACHER)
    group = build.group("5А", class_teacher=teacher)
    antonova = build.learner(group, "Антонова", "Мария", "Ивановна")
    borisov = build.learner(group, "Борисов", "Глеб", "Олегович")
    build.parent(antonova, username=PARENT, last_name="Антонова")
    director = build.official(Role.DIRECTOR, username=DIRECTOR)
    StaffFactory(user=director, last_name="Смирнова", first_name="Ольга", patronymic="Викторовна")
    won = max(build.year.starts_on, timezone.localdate() - timedelta(days=10))
    for learner, subject in ((antonova, "математике"), (borisov, "физике")):
        AchievementFactory(
            learner=learner, title=f"Муниципальный этап ВсОШ по {subject}", date=won,
            level=AchievementLevel.MUNICIPAL, result=AchievementResult.WINNER,
            status=AchievementStatus.CONFIRMED, created_by=teacher.user,
        )  # fmt: skip
    return School(antonova, borisov, build.year.name)


def _click(page, locator):
    with page.expect_navigation():
        locator.click()


def _class_teacher_nominates(page, live_server, school):
    log_in(page, live_server, TEACHER)
    menu(page, "Поощрения")
    assert path_of(page, live_server) == "/rewards/"
    _click(page, page.get_by_role("link", name="Кандидаты", exact=True).first)
    assert path_of(page, live_server) == "/rewards/candidates/"
    expect(page.locator("h1")).to_have_text("Кандидаты на поощрение: 5А")
    section = page.locator("section.card", has=page.get_by_role("heading", name="Грамота"))
    section.get_by_label("Отметить: Антонова Мария Ивановна").check()
    section.get_by_label("Отметить: Борисов Глеб Олегович").check()
    _click(page, section.get_by_role("button", name="Представить отмеченных"))

    assert path_of(page, live_server) == "/rewards/candidates/"
    expect(page.locator("ul.messages")).to_have_text(
        "Представлено к поощрению «Грамота»: Антонова Мария Ивановна, Борисов Глеб Олегович."
    )
    nominated = list(Reward.objects.order_by("learner__last_name"))
    assert [(r.learner, r.kind.code, r.status) for r in nominated] == [
        (school.antonova, "certificate", RewardStatus.NOMINATED),
        (school.borisov, "certificate", RewardStatus.NOMINATED),
    ]
    assert [r.achievements.get().title for r in nominated] == [
        "Муниципальный этап ВсОШ по математике",
        "Муниципальный этап ВсОШ по физике",
    ]
    log_out(page)
    return nominated


def _director_approves(page, live_server, school):
    log_in(page, live_server, DIRECTOR)
    menu(page, "Поощрения")
    _click(page, page.get_by_role("link", name="Представления на утверждение"))
    assert path_of(page, live_server) == "/rewards/pending/"
    page.get_by_label("Отметить: Антонова Мария Ивановна").check()
    page.get_by_label("Отметить: Борисов Глеб Олегович").check()
    page.get_by_label("Номер приказа").fill(ORDER_NUMBER)
    page.get_by_label("Дата приказа").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Утвердить приказом").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("зарегистрирует приказ с указанными номером и датой")
    _click(page, dialog.get_by_role("button", name="Подтвердить"))

    order = RewardOrder.objects.get()
    assert path_of(page, live_server) == f"/rewards/orders/{order.pk}/"
    title = f"Приказ № {ORDER_NUMBER} от {timezone.localdate():%d.%m.%Y}"
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("ul.messages")).to_have_text(
        f"{title} зарегистрирован: награждены 2 обучающихся."
    )
    assert sorted(order.rewards.values_list("learner__last_name", "status")) == [
        ("Антонова", RewardStatus.APPROVED),
        ("Борисов", RewardStatus.APPROVED),
    ]
    assert list(
        RewardChange.objects.order_by("pk").values_list(
            "changed_by__username", "old_status", "new_status"
        )
    ) == [
        (TEACHER, "", "nominated"),
        (TEACHER, "", "nominated"),
        (DIRECTOR, "nominated", "approved"),
        (DIRECTOR, "nominated", "approved"),
    ]
    log_out(page)
    return order


def test_nominate_from_candidates_approve_by_order_parent_downloads(
    school, live_server, page, console_errors, tmp_path
):
    _class_teacher_nominates(page, live_server, school)
    _director_approves(page, live_server, school)

    log_in(page, live_server, PARENT)
    menu(page, "Дневник")
    assert path_of(page, live_server) == f"/diary/{school.antonova.pk}/"
    rewards = page.locator("section.rewards-section")
    expect(rewards.locator("h2")).to_have_text("Поощрения")
    expect(rewards.locator("tbody tr")).to_have_count(1)
    expect(rewards.locator("tbody tr td")).to_have_text(
        [
            f"{timezone.localdate():%d.%m.%Y}",
            "Грамота",
            f"За высокие результаты в олимпиадах и конкурсах {school.year_name} учебного года",
            f"Приказ № {ORDER_NUMBER} от {timezone.localdate():%d.%m.%Y}",
            "Грамота, PDF",
        ]
    )
    with page.expect_download() as download_info:
        rewards.get_by_role("link", name="Грамота, PDF").click()
    download = download_info.value
    assert download.suggested_filename == "Грамота — Антонова М. И.pdf"
    saved = tmp_path / "certificate.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    assert console_errors == []


def test_reward_page_issue_asks_first_cancel_changes_nothing(
    school, live_server, page, console_errors
):
    reward = RewardFactory(
        learner=school.antonova, year=AcademicYear.objects.get(), status=RewardStatus.APPROVED,
        order=RewardOrderFactory(), approved_on=timezone.localdate(),
    )  # fmt: skip
    log_in(page, live_server, TEACHER)
    page.goto(f"{live_server.url}/rewards/{reward.pk}/")
    page.get_by_role("button", name="Отметить вручение").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(
        "Будет отмечено вручение «Грамота»: Антонова Мария Ивановна. Отменить отметку нельзя."
    )
    dialog.get_by_role("button", name="Отмена").click()
    expect(dialog).to_be_hidden()
    reward.refresh_from_db()
    assert reward.status == RewardStatus.APPROVED

    page.get_by_role("button", name="Отметить вручение").click()
    _click(page, page.get_by_role("dialog").get_by_role("button", name="Подтвердить"))

    reward.refresh_from_db()
    assert reward.status == RewardStatus.ISSUED
    expect(page.locator("ul.messages")).to_have_text(
        f"Вручение отмечено: Антонова Мария Ивановна, «Грамота», {timezone.localdate():%d.%m.%Y}."
    )
    assert console_errors == []
