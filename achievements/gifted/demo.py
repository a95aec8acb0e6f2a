"""The demo school's gifted learner: a learner in the register whose olympiad prize the
deputy has credited, so the list, the credit page and the journal's credited mark have
something to show."""

from datetime import date

from django.contrib.auth import get_user_model

from achievements.credits import CREDITED, creditable_values
from achievements.gifted import selectors, services
from achievements.models import (
    Achievement,
    AchievementCategory,
    AchievementResult,
    AchievementStatus,
    AchievementStatusChange,
)
from learners.models import Enrollment, Role, StudyPeriod


def generate(*, today: date, seed: int = 17) -> dict[str, int]:
    deputy = get_user_model().objects.filter(groups__name=Role.DEPUTY.label).order_by("pk").first()
    olympiad = AchievementCategory.objects.filter(code="olympiad").first()
    enrollment = (
        Enrollment.objects.filter(ended_on__isnull=True, group__grade__gte=7)
        .select_related("learner", "group__year", "group__programme")
        .order_by("group__grade", "group__name", "learner__last_name", "pk")
        .first()
    )
    period = (
        StudyPeriod.objects.filter(year_id=enrollment.group.year_id, starts_on__lte=today)
        .order_by("number")
        .first()
        if enrollment
        else None
    )
    if deputy is None or olympiad is None or enrollment is None or period is None:
        return {"gifted_credits": 0}
    learner, group = enrollment.learner, enrollment.group
    subject = selectors.creditable_subjects(learner, group).first()
    if subject is None:
        return {"gifted_credits": 0}
    learner.is_gifted_registered = True
    learner.save(update_fields=["is_gifted_registered"])
    prize = Achievement.objects.create(
        learner=learner,
        category=olympiad,
        title=f"Региональная олимпиада школьников по предмету «{subject.name}»",
        level="regional",
        result=AchievementResult.PRIZE_WINNER,
        stage="regional",
        date=period.starts_on,
        organiser="Министерство образования области",
        subject_area=subject.name,
        status=AchievementStatus.CONFIRMED,
        created_by=deputy,
    )
    AchievementStatusChange.objects.create(
        achievement=prize, new_status=prize.status, changed_by=deputy
    )
    services.gifted_credit_record(
        learner=learner,
        group=group,
        achievement=prize,
        subject=subject,
        period=period,
        value="5" if "5" in creditable_values(subject) else CREDITED,
        reference=f"Решение заместителя директора от {period.starts_on:%d.%m.%Y}",
        actor=deputy,
    )
    return {"gifted_credits": 1}
