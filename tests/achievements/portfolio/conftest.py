"""One school to work in: 5А with its class teacher Петрова, two learners (Антонова,
whose mother and own account take part, and Борисов), a subject teacher of 5А; 5Б
with its own class teacher, learner and parent; the deputy; a customer whose contract
covers Антонова's earlier course. ``class_entries``: 5А's entries in every status.
Built with ``tests.schools.SchoolBuilder``."""

from datetime import date
from functools import cached_property

import pytest

from achievements.models import AchievementLevel, AchievementResult, AchievementStatus
from learners.models import Customer, Learner, Role, Staff, StudyGroup
from tests.achievements.portfolio.factories import AchievementFactory, EvidenceFactory, category
from tests.factories import EnrollmentFactory, LearnerFactory
from tests.schools import SchoolBuilder


class School:
    """5А, its class teacher, Антонова with her mother and own account, and Борисов are
    made at once; the other people on first use, as most tests need one or two."""

    def __init__(self):
        self._build = build = SchoolBuilder()
        build.organisation()
        self.year = build.year
        self.class_teacher = build.class_teacher("Петрова", "Анна", "Сергеевна", username="petrova")
        self.group = build.group("5А", class_teacher=self.class_teacher)
        self.learner = build.learner(
            self.group, "Антонова", "Мария", "Ивановна", account="antonova_m"
        )
        self.learner_user = self.learner.user
        self.classmate = build.learner(self.group, "Борисов", "Глеб", "Олегович")
        self.parent = build.parent(self.learner, username="antonova", last_name="Антонова").user

    @cached_property
    def other_class_teacher(self) -> Staff:
        return self._build.class_teacher("Смирнова", "Анна", "Сергеевна", username="smirnova")

    @cached_property
    def other_group(self) -> StudyGroup:
        return self._build.group("5Б", class_teacher=self.other_class_teacher)

    @cached_property
    def other_learner(self) -> Learner:
        return self._build.learner(self.other_group, "Васильев", "Олег", "Петрович")

    @cached_property
    def other_parent(self):
        return self._build.parent(self.other_learner).user

    @cached_property
    def subject_teacher(self):
        """Teaches a subject in 5А."""
        return self._build.subject_teacher(self.group, username="ivanov").user

    @cached_property
    def deputy(self):
        return self._build.official(Role.DEPUTY, username="zavuch")

    @cached_property
    def customer(self) -> Customer:
        """A customer whose contract covers Антонова's earlier course: 5А stays her
        current class."""
        customer = self._build.customer()
        self._build.enroll(
            self.learner,
            self._build.group("Курс 3D-моделирования"),
            customer=customer,
            started_on=date(2025, 9, 1),
        )
        return customer

    @cached_property
    def customer_user(self):
        return self._build.customer_account(self.customer, username="employer")

    def actor(self, kind: str):
        """A user by the part they play for Антонова's portfolio."""
        if kind in {"class_teacher", "other_class_teacher"}:
            return getattr(self, kind).user  # Staff
        return getattr(
            self, {"learner": "learner_user", "customer": "customer_user"}.get(kind, kind)
        )


@pytest.fixture
def school(db) -> School:
    return School()


@pytest.fixture
def class_entries(school):
    """Entries of 5А's current learners in every status, a former learner's and a
    learner of 5Б."""
    borisov = AchievementFactory(
        learner=school.classmate,
        category=category("sport"),
        title="Первенство района по плаванию",
        level=AchievementLevel.MUNICIPAL,
        result=AchievementResult.PRIZE_WINNER,
        organiser="Спорткомитет",
        subject_area="Физическая культура",
        date=date(2026, 9, 20),
    )
    EvidenceFactory.create_batch(2, achievement=borisov)
    physics = AchievementFactory(
        learner=school.learner,
        title="ВсОШ по физике",
        level=AchievementLevel.REGIONAL,
        stage="regional",
        result=AchievementResult.WINNER,
        organiser="Минобрнауки края",
        subject_area="Физика",
        date=date(2026, 2, 10),
    )
    EvidenceFactory(achievement=physics)
    gto = AchievementFactory(
        learner=school.learner,
        category=category("gto"),
        title="Нормы ГТО, III ступень",
        badge="silver",
        level=AchievementLevel.MUNICIPAL,
        result=AchievementResult.WINNER,
        date=date(2026, 5, 20),
        status=AchievementStatus.PROPOSED,
    )
    EvidenceFactory(achievement=gto)
    rejected = AchievementFactory(
        learner=school.learner,
        category=category("contest"),
        title="Турнир эрудитов",
        level=AchievementLevel.SCHOOL,
        result=AchievementResult.PARTICIPANT,
        date=date(2026, 3, 1),
        status=AchievementStatus.REJECTED,
    )
    former = EnrollmentFactory(group=school.group, learner=LearnerFactory(last_name="Абрамов"))
    former.ended_on = date(2026, 10, 1)
    former.save()
    AchievementFactory(learner=former.learner, title="Олимпиада выбывшего")
    AchievementFactory(learner=school.other_learner, title="Олимпиада из 5Б")
    return borisov, physics, gto, rejected
