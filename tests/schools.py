"""The one test school builder the suites share: ``SchoolBuilder`` composes the
factories of ``tests.factories`` into the pieces every suite's school is made of — the
organisation, an academic year (a fixed one, or the school year holding today with its
four quarters), classes and their class teachers, enrolled learners with or without an
account of their own, families, subject teachers, the administration and customers.

Each suite still states its own scenario (names, usernames, classes, dates) with it.
A method makes exactly the rows it names, and what a caller leaves out comes from the
factories' defaults: query-count tests count the rows, and each scenario stays what it
was."""

from datetime import date

from learners.models import (
    AcademicYear,
    Customer,
    Enrollment,
    Guardian,
    Learner,
    Organisation,
    Role,
    Staff,
    StudyGroup,
    StudyPeriod,
    Subject,
)
from tests.factories import (
    AcademicYearFactory,
    CustomerFactory,
    EnrollmentFactory,
    GuardianFactory,
    GuardianshipFactory,
    LearnerFactory,
    OrganisationFactory,
    StaffFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    UserFactory,
)


def school_year(today: date) -> tuple[date, date, list[tuple[date, date]]]:
    """The school year holding today (1 September to 31 August) and its quarters,
    without gaps, so that today is always in one of them."""
    y = today.year if today.month >= 9 else today.year - 1
    quarters = [
        (date(y, 9, 1), date(y, 11, 4)),
        (date(y, 11, 5), date(y, 12, 31)),
        (date(y + 1, 1, 1), date(y + 1, 3, 31)),
        (date(y + 1, 4, 1), date(y + 1, 8, 31)),
    ]
    return date(y, 9, 1), date(y + 1, 8, 31), quarters


def _given(**fields) -> dict:
    # A None leaves the factory's own default (a sequence, a SubFactory) in place.
    return {name: value for name, value in fields.items() if value is not None}


class SchoolBuilder:
    """Builds one school in the academic year ``year``. Every method returns the main
    row it made; ``periods`` and ``subjects`` collect the ones made so far."""

    def __init__(self, *, today: date | None = None, **year_fields):
        """``today``: the school year holding that day, named like "2026/2027", with
        its four quarters; otherwise ``AcademicYearFactory(**year_fields)`` (2026/2027
        by default) without periods until ``period()`` makes them."""
        self.periods: list[StudyPeriod] = []
        self.subjects: dict[str, Subject] = {}
        if today is None:
            self.year: AcademicYear = AcademicYearFactory(**year_fields)
            return
        starts, ends, quarters = school_year(today)
        self.year = AcademicYearFactory(
            name=f"{starts.year}/{ends.year}", starts_on=starts, ends_on=ends
        )
        for number, (first_day, last_day) in enumerate(quarters, start=1):
            self.period(number=number, starts_on=first_day, ends_on=last_day)

    def organisation(self, **fields) -> Organisation:
        return OrganisationFactory(**fields)

    def period(self, **fields) -> StudyPeriod:
        """A study period of the year; by default the first quarter of 2026/2027
        (01.09–25.10.2026)."""
        period = StudyPeriodFactory(year=self.year, **fields)
        self.periods.append(period)
        return period

    def user(self, *roles: Role, **fields):
        """An account holding ``roles`` (none: an account without a role)."""
        return UserFactory(roles=list(roles), **_given(**fields))

    def subject(self, name: str) -> Subject:
        """The subject of that name (five-point scale), made on first use."""
        if name not in self.subjects:
            self.subjects[name] = SubjectFactory(name=name)
        return self.subjects[name]

    def class_teacher(
        self, last_name=None, first_name=None, patronymic=None, *, username=None
    ) -> Staff:
        """A staff member whose account has the role of class teacher; give them a
        class with ``group(..., class_teacher=...)``."""
        return StaffFactory(
            user=self.user(Role.CLASS_TEACHER, username=username),
            **_given(last_name=last_name, first_name=first_name, patronymic=patronymic),
        )

    def group(self, name: str, *, class_teacher: Staff | None = None, **fields) -> StudyGroup:
        """A group of the year: by default a class of grade 5 of a programme of its
        own; ``programme`` and ``grade`` make it another class or a course."""
        return StudyGroupFactory(year=self.year, name=name, class_teacher=class_teacher, **fields)

    def enroll(self, learner: Learner, group: StudyGroup, **fields) -> Enrollment:
        return EnrollmentFactory(learner=learner, group=group, **fields)

    def learner(
        self,
        group: StudyGroup,
        last_name=None,
        first_name=None,
        patronymic=None,
        *,
        account: bool | str = False,
        birth_date: date | None = None,
        **enrollment,
    ) -> Learner:
        """A learner enrolled in ``group``; ``enrollment``: the Enrollment's fields
        (``started_on``, ``customer``, ...). ``account``: an account of their own with
        the role of learner — the username, or True for a generated one."""
        user = None
        if account:
            user = self.user(Role.LEARNER, username=None if account is True else account)
        learner = LearnerFactory(
            user=user,
            **_given(
                last_name=last_name,
                first_name=first_name,
                patronymic=patronymic,
                birth_date=birth_date,
            ),
        )
        self.enroll(learner, group, **enrollment)
        return learner

    def parent(self, *children: Learner, username=None, user=None, **fields) -> Guardian:
        """A family: a guardian (``fields``: their names, phone) with an account having
        the role of parent, the mother of each of ``children``. ``user``: an account
        made beforehand, when it needs fields of its own (names)."""
        if user is None:
            user = self.user(Role.PARENT, username=username)
        guardian = GuardianFactory(user=user, **fields)
        for child in children:
            GuardianshipFactory(learner=child, guardian=guardian)
        return guardian

    def subject_teacher(
        self, group: StudyGroup, subject: Subject | str | None = None, *, username=None, **names
    ) -> Staff:
        """A teacher (a staff member with the role of teacher) assigned to ``subject`` —
        a name, or a new subject if not given — in ``group``."""
        if isinstance(subject, str):
            subject = self.subject(subject)
        teacher = StaffFactory(user=self.user(Role.TEACHER, username=username), **names)
        TeachingAssignmentFactory(teacher=teacher, group=group, **_given(subject=subject))
        return teacher

    def official(self, role: Role, *, username=None, staff: bool = False):
        """An account of the administration (deputy, director, clerk); ``staff``: with
        a staff record too."""
        user = self.user(role, username=username)
        if staff:
            StaffFactory(user=user)
        return user

    def customer(self, name=None) -> Customer:
        """A customer of paid courses; its learners are enrolled with ``customer=``."""
        return CustomerFactory(**_given(name=name))

    def customer_account(self, customer: Customer, username=None):
        """An account with the role of customer, acting for ``customer``."""
        user = self.user(Role.CUSTOMER, username=username)
        customer.users.add(user)
        return user
