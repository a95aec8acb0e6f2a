"""One school for the requests, register and family tests (SchoolBuilder): 7А with
Соколов Иван (his own account `sokolov`, his mother Соколова Анна Петровна `sokolova`,
year marks in mathematics and Russian), and 7Б with Лебедева Ольга and her mother
`lebedeva`; the deputy, the director, the clerk, a teacher and the class teacher of 7А."""

from datetime import date

from achievements.models import MarkKind
from learners.models import Role
from tests.achievements.factories import PeriodMarkFactory
from tests.schools import SchoolBuilder


class School:
    def __init__(self):
        self.build = build = SchoolBuilder(today=date(2026, 10, 5))
        build.organisation()
        self.class_teacher = build.class_teacher("Петрова", "Анна", "Сергеевна", username="petrova")
        self.group = build.group("7А", class_teacher=self.class_teacher, grade=7)
        self.learner = build.learner(
            self.group,
            "Соколов",
            "Иван",
            "Петрович",
            account="sokolov",
            started_on=date(2026, 9, 1),
        )
        self.mother = build.parent(
            self.learner,
            username="sokolova",
            last_name="Соколова",
            first_name="Анна",
            patronymic="Петровна",
        )
        self.parent = self.mother.user
        self.other_group = build.group("7Б", grade=7)
        self.other_learner = build.learner(
            self.other_group, "Лебедева", "Ольга", "Игоревна", started_on=date(2026, 9, 1)
        )
        self.other_parent = build.parent(
            self.other_learner, username="lebedeva", last_name="Лебедева"
        ).user
        self.teacher = build.subject_teacher(self.group, "Математика", username="uchitel").user
        self.deputy = build.official(Role.DEPUTY, username="zavuch")
        self.director = build.official(Role.DIRECTOR, username="direktor")
        self.clerk = build.official(Role.CLERK, username="deloproizv")
        marker = build.user(Role.TEACHER)
        for learner in (self.learner, self.other_learner):
            for subject, value in (("Математика", "5"), ("Русский язык", "4")):
                PeriodMarkFactory(
                    learner=learner,
                    subject=build.subject(subject),
                    year=build.year,
                    kind=MarkKind.YEAR,
                    period=None,
                    value=value,
                    updated_by=marker,
                )
