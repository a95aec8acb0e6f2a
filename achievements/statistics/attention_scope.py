"""Whose attention lists a user reads, and the start pages' count of learners needing
attention in each of those classes (achievements/statistics/attention.py builds the
lists)."""

from datetime import date

from achievements.selectors import current_period
from achievements.statistics.attention import attention_list
from achievements.statistics.core import general_groups
from learners.access import has_role, sees_all_results
from learners.models import ProgrammeLevel, Role, StudyGroup, StudyPeriod
from learners.selectors import homeroom_groups

__all__ = ["attention_counts", "attention_groups"]


def attention_groups(user, *, year):
    """The classes whose attention list the user may read: every general-education
    class of the year for the deputy and the director, their own classes of the year
    for a class teacher, none for anyone else."""
    if year is None:
        return StudyGroup.objects.none()
    if sees_all_results(user):
        return general_groups(year)
    if has_role(user, Role.CLASS_TEACHER):
        return (
            homeroom_groups(user, year=year)
            .filter(programme__level__in=ProgrammeLevel.general())
            .order_by("grade", "name", "pk")
        )
    return StudyGroup.objects.none()


def attention_counts(
    *, user, year, period: StudyPeriod | None = None, today: date | None = None
) -> dict[int, int]:
    """group id → learners who need attention, for each class the user may read (the
    start pages' figure); ``period`` empty: the current period of the year. A fixed
    number of queries."""
    if year is None:
        return {}
    groups = list(attention_groups(user, year=year))
    if not groups:
        return {}
    periods = list(StudyPeriod.objects.filter(year=year).order_by("starts_on"))
    period = period or current_period(periods)
    if period is None:
        return {group.pk: 0 for group in groups}
    return attention_list(groups=groups, period=period, periods=periods, today=today).counts()
