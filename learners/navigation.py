"""The top menu: each role's start page, and the pages a user's roles open. Read by
the home view (where to send a user after login) and by the context processor (the
menu on every page), so it lives apart from both."""

from django.urls import reverse

from learners.access import has_admin_site_role, roles_of
from learners.models import Role
from learners.terms import PAGE_KINDS, current_kind, current_terms

# Each role's start page, in the order a person holding several roles is sent to
# them after login (the others are one click away in the menu).
START_PAGES = [
    # The clerk's work is the archive (R-AR-5): they land there; the deputy and the
    # director still land on the overview and find the archive in the menu below.
    ((Role.CLERK,), "archive_index", "Архив"),
    ((Role.DEPUTY, Role.DIRECTOR, Role.CLERK), "overview", "Обзор организации"),
    ((Role.CLASS_TEACHER,), "my_class", "{my_group}"),
    ((Role.TEACHER,), "my_classes", "{my_groups}"),
    ((Role.PARENT,), "children", "Мои дети"),
    ((Role.LEARNER,), "me", "Мои результаты"),
    ((Role.CUSTOMER,), "contracted", "Слушатели по договорам"),
    ((Role.TEACHER, Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR), "journal_index", "Журналы"),
    # Finding a learner by name, class or personal-file number, outside the admin.
    (
        (Role.DEPUTY, Role.DIRECTOR, Role.CLERK, Role.CLASS_TEACHER, Role.TEACHER),
        "learner_search",
        "Поиск",
    ),
    ((Role.PARENT, Role.LEARNER), "diary_index", "Дневник"),
    ((Role.DEPUTY,), "journal_periods", "Закрытие периодов"),
    # External assessment (R-JRN-9): ВПР and diagnostics, apart from the school's marks.
    (
        (Role.DEPUTY, Role.DIRECTOR, Role.TEACHER, Role.CLASS_TEACHER),
        "external_list",
        "Внешняя оценка",
    ),
    # State exam results (ОГЭ, ЕГЭ, ГВЭ): entered by the deputy, read by the class's teachers.
    (
        (Role.DEPUTY, Role.DIRECTOR, Role.TEACHER, Role.CLASS_TEACHER),
        "state_exams",
        "Результаты ГИА",
    ),
    # Academic debts (273-FZ art. 58): retakes and their terms.
    ((Role.DEPUTY, Role.DIRECTOR, Role.TEACHER, Role.CLASS_TEACHER), "debt_list", "Задолженности"),
    # Pedagogical diagnostics of УУД (R-JRN-10): the teachers' own analysis, never a mark.
    (
        (Role.TEACHER, Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR),
        "diagnostics_index",
        "Диагностика УУД",
    ),
    # Final attestation by a commission with its protocol (004 §2.4): a training company's.
    (
        (Role.TEACHER, Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR),
        "final_attestation_index",
        "Итоговая аттестация",
    ),
    # Levels of mastering a programme of additional education at the entry, intermediate
    # and final stage (002 §2.3), with each learner's achievement sheet (002 §4.5).
    (
        (Role.TEACHER, Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR),
        "levels_index",
        "Уровни освоения программ",
    ),
    # Dynamics and statistics (R-JRN-8): the council's figures, those falling behind.
    ((Role.DEPUTY, Role.DIRECTOR), "statistics_index", "Статистика"),
    ((Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR), "attention", "Требуют внимания"),
    (
        (Role.CLASS_TEACHER, Role.TEACHER, Role.DEPUTY, Role.DIRECTOR, Role.PARENT, Role.LEARNER),
        "portfolio_index",
        "Портфолио",
    ),
    # The register of events (R-PF-5): one entry gives every participant an achievement.
    ((Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR), "events_index", "Мероприятия"),
    (
        (Role.TEACHER, Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR, Role.PARENT, Role.LEARNER),
        "rewards_index",
        "Поощрения",
    ),
    (
        (Role.PARENT, Role.TEACHER, Role.DEPUTY, Role.DIRECTOR, Role.CLERK),
        "credit_index",
        "Зачёт результатов",
    ),
    ((Role.DEPUTY, Role.DIRECTOR), "archive_index", "Архив"),
    # Loading a school's roster from its spreadsheet (R-LRN-6).
    ((Role.DEPUTY,), "roster_import", "Загрузка списков"),
    # Official documents (R-AR-6, R-AR-7): the office's register, the family's account.
    ((Role.DEPUTY, Role.DIRECTOR, Role.CLERK), "documents_register", "Документы"),
    ((Role.PARENT, Role.LEARNER), "documents_family", "Документы"),
    ((Role.DEPUTY, Role.DIRECTOR), "documents_disclosures", "Журнал передачи сведений"),
    # Consents to personal-data processing (R-SEC-4); parents reach theirs from «Мои дети».
    ((Role.DEPUTY, Role.DIRECTOR, Role.CLERK), "consent_list", "Согласия"),
    ((Role.ADMINISTRATOR,), "admin:index", "Администрирование"),
]


def start_pages(user) -> list[tuple[str, str]]:
    """(url, title) of each page the user's roles open, titles in the organisation's
    terms («{my_group}» is «Мой класс» in a school, «Моя группа» in a training company),
    without the pages of another kind's regulation."""
    roles = roles_of(user)
    words = current_terms()
    kind = current_kind()
    pages = []
    for holders, name, title in START_PAGES:
        # A page of another kind's regulation (learners/terms.py) stays out of the menu.
        if name in PAGE_KINDS and kind not in PAGE_KINDS[name]:
            continue
        # A page listed for two sets of roles (the archive) appears once.
        page = (reverse(name), title.format_map(words))
        if roles & set(holders) and page not in pages:
            pages.append(page)
    admin_page = (reverse("admin:index"), "Администрирование")
    if (user.is_staff or has_admin_site_role(user)) and admin_page not in pages:
        # The deputy, director and clerk run their workflows in the admin site too.
        pages.append(admin_page)
    return pages
