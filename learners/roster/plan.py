"""What a roster file means against the database: for every row, whether its learner
would be created, changed (and what changes, old → new) or left as is, or why the row
is bad. Read only, in a fixed number of queries whatever the number of rows: the
learners, their enrollments and guardianships, the classes and the accounts named by
the file's e-mails are each fetched at once."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy

from learners import selectors
from learners.models import (
    TERMS,
    AcademicYear,
    Enrollment,
    Guardian,
    Guardianship,
    Kinship,
    Learner,
    OrganisationKind,
    Sex,
    StudyGroup,
)
from learners.models.years import date_range
from learners.roster.parse import DATE_FORMAT, FileError, ParentRow, Row
from learners.terms import current_terms

CREATE, CHANGE, SAME, ERROR = "create", "change", "same", "error"
ACTION_LABELS = {CREATE: "будет создан", CHANGE: "изменится", SAME: "без изменений",
                 ERROR: "ошибка"}  # fmt: skip
# Worded when saved, in the terms of the organisation's kind (R-ORG-6); TRANSFER_REASON
# is a school's.
TRANSFER_REASON_TEXT = "Перевод по списку {learners_gen} (загрузка из файла)"
TRANSFER_REASON = TRANSFER_REASON_TEXT.format_map(TERMS[OrganisationKind.SCHOOL])
# A change shown on the page names a term: read when shown, so that planning the rows
# makes no query for it.
WORDS = {
    key: lazy(lambda key=key: current_terms()[key], str)() for key in ("Group", "with_learner")
}
# Latin letters that look like Cyrillic ones in a class's name («5A» typed in Latin).
LOOKALIKES = str.maketrans("ABEKMHOPCTXY", "АВЕКМНОРСТХУ")


def group_key(name: str) -> str:
    return "".join(name.split()).upper().translate(LOOKALIKES).replace("Ё", "Е")


def name_key(*parts: str) -> tuple:
    return tuple(" ".join(p.split()).casefold().replace("ё", "е") for p in parts)


@dataclass
class ParentPlan:
    source: ParentRow
    guardian: Guardian | None = None  # an existing one, to link or update
    user: object = None  # an existing account without a guardian (a staff member's)
    first: "ParentPlan | None" = None  # the same new parent in an earlier row
    link: Guardianship | None = None  # the existing guardianship with this learner
    new_phone: bool = False
    new_kinship: bool = False
    new_user: object = None  # the account the real run makes for a new parent
    new_email: bool = False  # a linked guardian's account without an address gets this one

    @property
    def creates_guardian(self) -> bool:
        return self.guardian is None and self.first is None

    @property
    def creates_user(self) -> bool:
        return self.creates_guardian and self.user is None


@dataclass
class RowPlan:
    row: Row
    action: str = SAME
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    learner: Learner | None = None
    learner_changed: bool = False
    group: StudyGroup | None = None
    enroll: str = ""  # "open", "transfer" or "" (already in the class)
    started_on: date | None = None
    closing: Enrollment | None = None
    parents: list[ParentPlan] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass
class Plan:
    year: AcademicYear
    rows: list[RowPlan]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in ACTION_LABELS}

    @property
    def ok(self) -> bool:
        return not any(r.action == ERROR for r in self.rows)

    @property
    def has_work(self) -> bool:
        return any(r.action in (CREATE, CHANGE) for r in self.rows)


def plan_rows(rows: list[Row], *, lock: bool = False, today: date | None = None) -> Plan:
    """``lock``: the real run locks the learners it will change."""
    today = today or timezone.localdate()
    year = selectors.current_year(today=today)
    if year is None:
        raise FileError("В системе нет учебного года: сначала создайте текущий учебный год.")
    groups = {
        group_key(g.name): g
        for g in StudyGroup.objects.filter(year=year).select_related("programme", "year")
    }
    numbers = {r.personal_file_number for r in rows if not r.errors}
    learners = Learner.objects.filter(personal_file_number__in=numbers)
    if lock:
        learners = learners.select_for_update()
    learners = {learner.personal_file_number: learner for learner in learners}
    ids = [learner.pk for learner in learners.values()]
    enrollments = defaultdict(list)
    for enrollment in (
        Enrollment.objects.filter(learner_id__in=ids, ended_on__isnull=True)
        .select_related("group", "group__year")
        .order_by("-started_on", "-pk")
    ):
        enrollments[enrollment.learner_id].append(enrollment)
    links = defaultdict(list)
    linked = Guardianship.objects.filter(learner_id__in=ids).select_related("guardian__user")
    for link in linked:
        links[link.learner_id].append(link)
    emails = {p.email for r in rows if not r.errors for p in r.parents if p.email}
    accounts = _accounts(emails)

    plan = Plan(year=year, rows=[])
    context = _Context(year=year, today=today, groups=groups, learners=learners,
                       enrollments=enrollments, links=links, accounts=accounts)  # fmt: skip
    for row in rows:
        plan.rows.append(context.plan(row))
    return plan


def _accounts(emails: set[str]) -> dict[str, list]:
    found = defaultdict(list)
    if not emails:
        return found
    users = (
        get_user_model()
        .objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .select_related("guardian", "staff", "learner")
        .order_by("pk")
    )
    for user in users:
        found[user.email_lower].append(user)
    return found


def _person(user):
    for name in ("guardian", "staff", "learner"):
        person = getattr(user, name, None)
        if person is not None:
            return person
    return None


@dataclass
class _Context:
    year: AcademicYear
    today: date
    groups: dict
    learners: dict
    enrollments: dict
    links: dict
    accounts: dict
    numbers: dict = field(default_factory=dict)  # personal-file number → sheet row
    emails: dict = field(default_factory=dict)  # e-mail → (name key, sheet row, new plan)

    @cached_property
    def words(self) -> dict:
        """The organisation's terms, read once for the file (and only for a message
        that names one) rather than once a row."""
        return current_terms()

    def plan(self, row: Row) -> RowPlan:
        result = RowPlan(row=row, errors=list(row.errors))
        if row.errors:
            result.action = ERROR
            return result
        earlier = self.numbers.setdefault(row.personal_file_number, row.number)
        if earlier != row.number:
            result.errors.append(
                f"Номер личного дела: «{row.personal_file_number}» уже встречается в строке "
                f"{earlier}."
            )
        result.group = self.groups.get(group_key(row.group_name))
        if result.group is None:
            words = self.words
            result.errors.append(
                f"{words['Group']}: «{row.group_name}» — {words['such_group_missing']} в учебном "
                f"году {self.year}."
            )
        if row.started_on and not (self.year.starts_on <= row.started_on <= self.year.ends_on):
            result.errors.append(
                f"Дата зачисления: {row.started_on:{DATE_FORMAT}} — вне учебного года "
                f"{self.year} ({date_range(self.year.starts_on, self.year.ends_on)})."
            )
        result.learner = self.learners.get(row.personal_file_number)
        if result.learner is not None:
            self._compare(result)
        if result.group is not None and not result.errors:
            self._enrollment(result)
        for parent in row.parents:
            self._parent(result, parent)
        if result.errors:
            result.action = ERROR
        elif result.learner is None:
            result.action = CREATE
        elif result.changes:
            result.action = CHANGE
        return result

    def _compare(self, result: RowPlan) -> None:
        learner, row = result.learner, result.row
        for label, old, new in (
            ("Фамилия", learner.last_name, row.last_name),
            ("Имя", learner.first_name, row.first_name),
            ("Отчество", learner.patronymic, row.patronymic),
        ):
            if old != new:
                result.changes.append(f"{label}: {old or '—'} → {new or '—'}")
        if learner.birth_date != row.birth_date:
            old, new = f"{learner.birth_date:{DATE_FORMAT}}", f"{row.birth_date:{DATE_FORMAT}}"
            result.changes.append(f"Дата рождения: {old} → {new}")
        if learner.sex != row.sex:
            result.changes.append(f"Пол: {Sex(learner.sex).label} → {Sex(row.sex).label}")
        result.learner_changed = bool(result.changes)

    def _enrollment(self, result: RowPlan) -> None:
        group, row = result.group, result.row
        current = None
        if result.learner is not None:
            active = self.enrollments.get(result.learner.pk, [])
            current = next((e for e in active if e.group.year_id == self.year.pk), None) or next(
                (e for e in active if e.programme_id == group.programme_id), None
            )
        if current is not None and current.group_id == group.pk:
            return
        if current is None:
            result.enroll, result.started_on = "open", row.started_on or self.year.starts_on
            result.changes.append(f"Зачисление: в {group} с {result.started_on:{DATE_FORMAT}}")
            return
        on = row.started_on or self.today
        if on <= current.started_on:
            result.errors.append(
                f"Дата зачисления: {on:{DATE_FORMAT}} — перевод из {current.group} возможен "
                f"только после даты зачисления в него ({current.started_on:{DATE_FORMAT}})."
            )
            return
        if on > self.year.ends_on:
            result.errors.append(
                f"Дата зачисления: {on:{DATE_FORMAT}} — позже окончания учебного года {self.year}."
            )
            return
        result.enroll, result.started_on, result.closing = "transfer", on, current
        result.changes.append(
            format_lazy(
                "{}: {} → {} с {}", WORDS["Group"], current.group, group, f"{on:{DATE_FORMAT}}"
            )
        )

    def _linked(self, learner: Learner, me: tuple) -> Guardian | None:
        """The learner's guardian of that name already on record."""
        for link in self.links.get(learner.pk, []):
            g = link.guardian
            if name_key(g.last_name, g.first_name, g.patronymic) == me:
                return g
        return None

    def _parent(self, result: RowPlan, parent: ParentRow) -> None:
        row, label = result.row, f"родителя {parent.slot}"
        me = name_key(parent.last_name, parent.first_name, parent.patronymic)
        plan = ParentPlan(source=parent)
        kinship = Kinship(parent.kinship).label.lower()
        if parent.email:
            seen = self.emails.get(parent.email)
            if seen is not None and seen[0] != me:
                where = "в этой же строке" if seen[1] == row.number else f"в строке {seen[1]}"
                result.errors.append(
                    f"Эл. почта {label}: {parent.email} {where} указана для другого человека."
                )
                return
            users = self.accounts.get(parent.email, [])
            if users:
                chosen = next((u for u in users if hasattr(u, "guardian")), None) or next(
                    (u for u in users if hasattr(u, "staff")), users[0]
                )
                person = _person(chosen)
                if (
                    person is None
                    or name_key(person.last_name, person.first_name, person.patronymic) != me
                    or isinstance(person, Learner)
                ):
                    result.errors.append(
                        f"Эл. почта {label}: {parent.email} уже принадлежит другому человеку."
                    )
                    return
                if isinstance(person, Guardian):
                    plan.guardian = person
                else:
                    plan.user = chosen
            elif result.learner is not None:
                # A parent loaded earlier without an address, now with one.
                plan.guardian = self._linked(result.learner, me)
                if plan.guardian is not None and plan.guardian.user.email:
                    result.errors.append(
                        f"Эл. почта {label}: у этого родителя в системе другой адрес; "
                        "исправьте адрес в файле или в учётной записи родителя."
                    )
                    return
                if plan.guardian is not None:
                    plan.new_email = True
                    result.changes.append(f"Эл. почта {label}: — → {parent.email}")
            if seen is not None and plan.guardian is None:
                plan.first = seen[2]
            if seen is None:
                self.emails[parent.email] = (me, row.number, plan)
        elif result.learner is not None:
            plan.guardian = self._linked(result.learner, me)
        who = f"Родитель {parent.slot}: {parent.full_name} ({kinship})"
        if plan.guardian is not None:
            own = self.links.get(result.learner.pk, []) if result.learner else []
            plan.link = next((k for k in own if k.guardian_id == plan.guardian.pk), None)
            if parent.phone and parent.phone != plan.guardian.phone:
                plan.new_phone = True
                result.changes.append(
                    f"Телефон {label}: {plan.guardian.phone or '—'} → {parent.phone}"
                )
            if plan.link is None:
                result.changes.append(format_lazy("{} — связать {}", who, WORDS["with_learner"]))
            elif plan.link.kinship != parent.kinship:
                plan.new_kinship = True
                result.changes.append(
                    f"Кем приходится {label}: {plan.link.get_kinship_display().lower()} → {kinship}"
                )
        elif plan.user is not None:
            result.changes.append(
                format_lazy(
                    "{} — сотрудник {}, связать {}", who, parent.email, WORDS["with_learner"]
                )
            )
        elif plan.first is not None:
            result.changes.append(f"{who} — тот же, что в строке {self.emails[parent.email][1]}")
        else:
            invite = f", приглашение на {parent.email}" if parent.email else ", без приглашения"
            result.changes.append(f"{who} — новая учётная запись{invite}")
        result.parents.append(plan)
