"""One school for the rewards tests: 5А with its class teacher Петрова, Антонова
(with her mother and her own account) and Борисов, a mathematics teacher of 5А; 5Б
with its class teacher Смирнова and Васильев; the deputy and the director (with a
staff record, as the director signs orders). Built with ``tests.schools.SchoolBuilder``."""

import pytest

from learners.models import Role
from tests.schools import SchoolBuilder


class School:
    def __init__(self):
        self.build = build = SchoolBuilder()
        build.organisation()
        self.year = build.year
        self.period = build.period()
        self.class_teacher = build.class_teacher("Петрова", "Анна", "Сергеевна", username="petrova")
        self.group = build.group("5А", class_teacher=self.class_teacher)
        self.learner = build.learner(
            self.group, "Антонова", "Мария", "Ивановна", account="antonova_m"
        )
        self.classmate = build.learner(self.group, "Борисов", "Глеб", "Олегович")
        self.parent = build.parent(self.learner, username="antonova", last_name="Антонова").user
        self.maths = build.subject("Математика")
        self.teacher = build.subject_teacher(self.group, self.maths, username="ivanov").user
        self.other_class_teacher = build.class_teacher(
            "Смирнова", "Ольга", "Петровна", username="smirnova"
        )
        self.other_group = build.group("5Б", class_teacher=self.other_class_teacher)
        self.other_learner = build.learner(self.other_group, "Васильев", "Олег", "Петрович")
        self.other_parent = build.parent(self.other_learner, username="vasilieva").user
        self.deputy = build.official(Role.DEPUTY, username="zavuch", staff=True)
        self.director = build.official(Role.DIRECTOR, username="direktor", staff=True)
        self.second_director = build.official(Role.DIRECTOR, username="direktor2", staff=True)
        self.clerk = build.official(Role.CLERK, username="deloproizv")

    def actor(self, kind: str):
        """A user by the part they play for Антонова's rewards."""
        if kind in {"class_teacher", "other_class_teacher"}:
            return getattr(self, kind).user
        if kind == "learner":
            return self.learner.user
        return getattr(self, kind)


@pytest.fixture
def school(db) -> School:
    return School()
