"""A user for every role around the journal fixture (5А Математика), shared by the
access tests and the SAVE_CONTEXT_SQL twin test."""

from learners.models import Role
from tests.factories import (
    GuardianshipFactory,
    StaffFactory,
    StudyGroupFactory,
    TeachingAssignmentFactory,
    UserFactory,
)


class People(dict):
    """A user for every role around 5А Математика, made on first use: most tests need
    one or two of them."""

    def __init__(self, journal):
        super().__init__()
        self.journal = journal

    def __missing__(self, role):
        self[role] = user = getattr(self, f"_{role}")()
        return user

    def _teacher(self):
        return self.journal.teacher_user

    def _other_teacher(self):
        other_group = StudyGroupFactory(year=self.journal.year, name="5Б")
        return TeachingAssignmentFactory(
            group=other_group, subject=self.journal.subject
        ).teacher.user

    def _class_teacher(self):
        staff = StaffFactory(user=UserFactory(roles=[Role.CLASS_TEACHER]))
        self.journal.group.class_teacher = staff
        self.journal.group.save()
        return staff.user

    def _deputy(self):
        return UserFactory(roles=[Role.DEPUTY])

    def _director(self):
        return UserFactory(roles=[Role.DIRECTOR])

    def _clerk(self):
        return UserFactory(roles=[Role.CLERK])

    def _parent(self):
        return GuardianshipFactory(learner=self.journal.learner).guardian.user

    def _other_parent(self):
        return GuardianshipFactory(learner=self.journal.classmate).guardian.user

    def _learner(self):
        self.journal.learner.user = UserFactory(roles=[Role.LEARNER])
        self.journal.learner.save()
        return self.journal.learner.user

    def _no_role(self):
        return UserFactory()
