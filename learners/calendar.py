"""Working days by the Russian production calendar (производственный календарь).

Deadlines such as "the decision reaches the parent within five working days"
(000 §5.7) count working days: Monday to Friday, less public holidays and moved days
off, plus the Saturdays the government makes working days. The table of such days
(CalendarDay) is filled from the ``holidays`` package and edited by the deputy when
a decree moves a day; a year nobody has filled yet is read from the package."""

import re
from datetime import date, timedelta

from django.db import transaction

from learners.models import CalendarDay, CalendarDayKind, CalendarYear

MOVED_FROM = re.compile(r"перенесено с (\d{2})\.(\d{2})\.(\d{4})")


def package_days(year: int) -> dict[date, tuple[str, str]]:
    """{day: (kind, name)} for one year as the ``holidays`` package knows it. The
    package lists moved days off as "Выходной (перенесено с 01.11.2025)"; the day it
    was moved from, when it is a Saturday or Sunday that is not a holiday itself,
    becomes a working day."""
    import holidays as holiday_calendar

    listed = holiday_calendar.country_holidays("RU", years=[year - 1, year, year + 1])
    days: dict[date, tuple[str, str]] = {}
    for day, name in listed.items():
        if day.year != year:
            continue
        moved = MOVED_FROM.search(name)
        kind = CalendarDayKind.DAY_OFF if moved else CalendarDayKind.HOLIDAY
        days[day] = (kind, name)
    for day, name in listed.items():
        moved = MOVED_FROM.search(name)
        if not moved:
            continue
        source = date(int(moved[3]), int(moved[2]), int(moved[1]))
        if source.year == year and source.weekday() >= 5 and source not in listed:
            days[source] = (
                CalendarDayKind.WORKING,
                f"Рабочий день (выходной перенесён на {day:%d.%m.%Y})",
            )
    return days


@transaction.atomic
def calendar_year_fill(*, year: int) -> CalendarYear:
    """Create a year of the calendar filled from the package; a year that exists is
    left as the deputy edited it."""
    calendar, created = CalendarYear.objects.get_or_create(year=year)
    if created:
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(calendar=calendar, day=day, kind=kind, name=name[:200])
                for day, (kind, name) in sorted(package_days(year).items())
            ],
            ignore_conflicts=True,
        )
    return calendar


def special_days(start: date, end: date) -> dict[date, str]:
    """{day: kind} of the days between start and end that differ from the plain week:
    from the table for the years it holds, from the package for the others."""
    years = range(start.year, end.year + 1)
    kept = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    days = dict(
        CalendarDay.objects.filter(
            day__gte=start, day__lte=end, calendar__year__in=kept
        ).values_list("day", "kind")
    )
    for year in years:
        if year not in kept:
            days |= {
                day: kind for day, (kind, _) in package_days(year).items() if start <= day <= end
            }
    return days


class WorkingCalendar:
    """Working days over a span of dates, read in one go: a page that shows many
    deadlines loads the calendar once, not once a row."""

    def __init__(self, start: date, end: date):
        self.start, self.end = start, end
        self.special = special_days(start, end)

    def is_working(self, day: date) -> bool:
        kind = self.special.get(day)
        if kind is not None:
            return kind == CalendarDayKind.WORKING
        return day.weekday() < 5

    def add(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (the day itself not counted)."""
        day, left = start, count
        while left > 0:
            day += timedelta(days=1)
            if day > self.end:
                raise ValueError("The calendar was loaded for a shorter span.")
            if self.is_working(day):
                left -= 1
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when
        ``end`` is before ``start``."""
        low, high, sign = (start, end, 1) if end >= start else (end, start, -1)
        count = sum(
            1
            for offset in range(1, (high - low).days + 1)
            if self.is_working(low + timedelta(days=offset))
        )
        return sign * count


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (the day itself not counted)."""
    # Three weeks of calendar per five working days covers the New Year holidays.
    return WorkingCalendar(start, start + timedelta(days=count * 3 + 21)).add(start, count)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when
    ``end`` is before ``start``."""
    return WorkingCalendar(min(start, end), max(start, end)).between(start, end)
