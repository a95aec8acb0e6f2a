"""A robotics club paid for by a customer company, so the customer role has learners
to see (004 §1.4)."""

from datetime import timedelta

from learners.demo.data import SPECIALITY
from learners.models import Customer, Programme, ProgrammeLevel, Role, StudyGroup


class ClubBuilder:
    """Mixed into the Generator: it makes the customer's account with ``self.user`` and
    its enrollments with ``self.enrollment``."""

    def build_club(self, year, learners, group_of, staff, starts):
        programme = Programme.objects.create(
            name="Дополнительная общеразвивающая программа «Робототехника»",
            level=ProgrammeLevel.ADDITIONAL_DEVELOPING,
            first_grade=1,
            last_grade=1,
            total_hours=72,
        )
        curator = next(s for s in staff if s.position == f"Учитель {SPECIALITY['Информатика']}")
        club = StudyGroup.objects.create(
            year=year, programme=programme, grade=1, name="Робототехника-1"
        )
        club.class_teacher = curator
        customer = Customer.objects.create(name="АО «Технопарк Северный»", inn="3662987654")
        self.customer_user = self.user("zakazchik", "Кравцов", "Олег", Role.CUSTOMER)
        self.customer = customer
        members = [x for x in learners if group_of[id(x)].grade in (5, 6, 7)][:12]
        return club, [
            self.enrollment(
                x,
                club,
                starts + timedelta(days=14),
                "Договор № 14/Р от " + f"{starts:%d.%m.%Y}",
                customer=customer,
            )
            for x in members
        ]
