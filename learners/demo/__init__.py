"""The demo school: a realistic, deterministic general-education school that a
newcomer sees on first start and that every benchmark measures (``--scale school``:
1,000 learners, 40 classes, 15 subjects).

Everything is drawn from one seeded random generator, so two runs on the same
date produce the same school. Rows are written with bulk_create inside one
transaction: at school scale that is a few thousand rows in seconds, where the
one-row services would take minutes. The generator writes only what those
services would accept (the tests check the result for consistency).

The parts are modules of this package: data (logins, sizes, curriculum, names),
school (requisites, year, programmes, classes), staff, roster (learners and their
enrollments), families, club and consents; the Generator below puts them together.
"""

import random
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from learners.demo.club import ClubBuilder
from learners.demo.consents import ConsentBuilder
from learners.demo.data import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    FEMALE_NAMES,
    MALE_NAMES,
    SCALES,
    SURNAMES,
    DemoLogin,
    Scale,
    female,
)
from learners.demo.families import FamilyBuilder
from learners.demo.roster import RosterBuilder
from learners.demo.school import (
    academic_year_bounds,
    create_curriculum,
    create_groups,
    create_organisation,
    create_programmes,
    create_subjects,
    create_year,
    quarter_bounds,
)
from learners.demo.staff import StaffBuilder
from learners.models import (
    Enrollment,
    Guardian,
    Guardianship,
    Learner,
    Organisation,
    Role,
    Sex,
    Staff,
    StudyGroup,
    TeachingAssignment,
)

__all__ = [
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "SCALES",
    "DemoLogin",
    "DemoRefused",
    "Generator",
    "Scale",
    "academic_year_bounds",
    "generate",
    "quarter_bounds",
]

# Accounts that run workflows in the admin site. The administrator works through the
# role's permissions, not as a superuser: they configure the organisation and accounts
# and see no results (R-SEC-1); the deputy and the clerk run the workflows there.
ADMIN_SITE_LOGINS = ("admin", "zavuch", "direktor", "deloproizv")


class DemoRefused(Exception):
    """The database already holds a school; the generator will not mix data in."""


class Generator(StaffBuilder, RosterBuilder, FamilyBuilder, ClubBuilder, ConsentBuilder):
    def __init__(self, *, scale: str, seed: int, today: date):
        self.scale = SCALES[scale]
        self.rng = random.Random(seed)
        self.seed = seed
        self.today = today
        self.password = make_password(DEMO_PASSWORD)
        self.users: list = []
        self.memberships: list[tuple[object, Role]] = []

    # People ---------------------------------------------------------------

    def person(self, sex: str) -> tuple[str, str, str]:
        surname = self.rng.choice(SURNAMES)
        father = self.rng.choice(MALE_NAMES)
        if sex == Sex.MALE:
            return surname, self.rng.choice(MALE_NAMES)[0], father[1]
        return female(surname), self.rng.choice(FEMALE_NAMES), father[2]

    def user(self, username: str, last: str, first: str, *roles: Role):
        user = get_user_model()(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@demo.uchet.invalid",
            password=self.password,
        )
        self.users.append(user)
        self.memberships.extend((user, role) for role in roles)
        return user

    # The school -----------------------------------------------------------

    def build(self) -> dict[str, int]:
        organisation = create_organisation()
        starts, ends = academic_year_bounds(self.today)
        year = create_year(starts, ends)
        subjects = create_subjects()
        programmes = create_programmes()
        create_curriculum(subjects, programmes)
        groups = create_groups(year, programmes, self.scale.letters_by_grade)

        staff = self.build_staff(groups, subjects)
        learners, enrollments, group_of = self.build_learners(groups, starts)
        guardians, guardianships = self.build_families(learners, group_of)
        # Numbered after the families settle the surnames: the letter is the surname's.
        for number, learner in enumerate(learners, start=1):
            learner.personal_file_number = f"{learner.last_name[0]}-{number:05d}"
        club, club_enrollments = self.build_club(year, learners, group_of, staff, starts)

        self.save_accounts()
        # bulk_create fills in the foreign keys of objects saved before it (users
        # before staff, staff before groups), so the order below matters.
        Staff.objects.bulk_create(staff)
        StudyGroup.objects.bulk_update([*groups, club], ["class_teacher"])
        self.customer.users.add(self.customer_user)
        TeachingAssignment.objects.bulk_create(self.assignments, batch_size=1000)
        Learner.objects.bulk_create(learners, batch_size=500)
        Guardian.objects.bulk_create(guardians, batch_size=500)
        Guardianship.objects.bulk_create(guardianships, batch_size=1000)
        Enrollment.objects.bulk_create(enrollments + club_enrollments, batch_size=1000)
        clerk = next(u for u in self.users if u.username == "deloproizv")
        self.build_consents(learners, guardianships, starts=starts, recorded_by=clerk)
        return {
            "organisation": organisation.short_name,
            "learners": len(learners),
            "groups": len(groups),
            "subjects": len(subjects),
            "staff": len(staff),
            "guardians": len(guardians),
            "users": len(self.users),
        }

    def save_accounts(self) -> None:
        """The users drawn so far, their role groups, and the admin site for those who
        work there."""
        get_user_model().objects.bulk_create(self.users, batch_size=500)
        groups_by_label = {g.name: g for g in Group.objects.all()}
        Membership = get_user_model().groups.through
        Membership.objects.bulk_create(
            [
                Membership(user_id=user.pk, group_id=groups_by_label[role.label].pk)
                for user, role in self.memberships
            ],
            batch_size=1000,
        )
        get_user_model().objects.filter(username__in=ADMIN_SITE_LOGINS).update(is_staff=True)


def generate(*, scale: str, seed: int = 17, today: date | None = None) -> dict[str, int]:
    """Build the demo school in an empty database, in one transaction."""
    if scale not in SCALES:
        raise ValidationError(f"Неизвестный масштаб «{scale}»: выберите demo или school.")
    if Organisation.objects.exists() or Learner.objects.exists() or StudyGroup.objects.exists():
        raise DemoRefused(
            "В базе уже есть данные организации. Демонстрационная школа создаётся только "
            "в пустой базе, чтобы не смешать вымышленные записи с настоящими."
        )
    with transaction.atomic():
        return Generator(scale=scale, seed=seed, today=today or timezone.localdate()).build()
