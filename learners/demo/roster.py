"""The learners of every class, enrolled on the first day of the year, and the few
who changed class within their grade this autumn."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from learners.models import Enrollment, Learner, Sex


def on_record(day: date) -> datetime:
    """When the deputy put an enrollment's start or end on record: that morning."""
    return timezone.make_aware(datetime.combine(day, time(9)))


class RosterBuilder:
    """Mixed into the Generator: it draws from ``self.rng``; the deputy (``self.deputy``,
    hired first) opens and closes the enrollments, as the services would record."""

    def build_learners(self, groups, starts: date):
        learners, enrollments, group_of = [], [], {}
        for group in groups:
            born_from = date(starts.year - 6 - group.grade, 9, 1)
            for _ in range(self.scale.learners_per_class):
                learner = self.new_learner(group, born_from)
                group_of[id(learner)] = group
                learners.append(learner)
                enrollments.append(
                    self.enrollment(
                        learner, group, starts, f"Приказ № {group.grade}-к от {starts:%d.%m.%Y}"
                    )
                )
        self.transfer_within_grade(groups, enrollments, starts)
        return learners, enrollments, group_of

    def new_learner(self, group, born_from: date) -> Learner:
        rng = self.rng
        sex = Sex.MALE if rng.random() < 0.5 else Sex.FEMALE
        last, first, patronymic = self.person(sex)
        learner = Learner(
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            sex=sex,
            birth_date=born_from + timedelta(days=rng.randrange(365)),
            needs_special_conditions=rng.random() < 0.02,
            is_gifted_registered=group.grade >= 7 and rng.random() < 0.02,
        )
        learner.user = None
        return learner

    def enrollment(self, learner, group, started_on: date, order_reference: str, **fields):
        return Enrollment(
            learner=learner,
            group=group,
            programme=group.programme,
            started_on=started_on,
            order_reference=order_reference,
            opened_at=on_record(started_on),
            opened_by=self.deputy.user,
            **fields,
        )

    def transfer_within_grade(self, groups, enrollments: list, starts: date) -> None:
        """A few learners changed class within their grade this autumn: the history
        keeps both enrollments (R-LRN-4)."""
        by_grade: dict[int, list] = {}
        for e in enrollments:
            by_grade.setdefault(e.group.grade, []).append(e)
        transfer_day = starts + timedelta(days=30)
        for grade in (3, 6, 8):
            pool = by_grade.get(grade, [])
            others = [g for g in groups if g.grade == grade]
            if len(others) < 2 or not pool:
                continue
            moved = pool[-1]
            target = next(g for g in others if g is not moved.group)
            moved.ended_on = transfer_day - timedelta(days=1)
            moved.end_reason = "Перевод в параллельный класс по заявлению родителей"
            moved.closed_at, moved.closed_by = on_record(transfer_day), self.deputy.user
            enrollments.append(
                self.enrollment(
                    moved.learner,
                    target,
                    transfer_day,
                    f"Приказ № {grade}-п от {transfer_day:%d.%m.%Y}",
                )
            )
