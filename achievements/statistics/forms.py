"""Choosing the scope of the statistics: ``?period=<id>`` or ``?year=<id>``. A bad or
foreign id is answered with a Russian message and the default scope, never a 500."""

from dataclasses import dataclass

from django import forms
from django.utils import timezone

from achievements.statistics.core import Scope, scope_of
from learners.models import AcademicYear, StudyPeriod
from learners.selectors import current_year

BAD_PERIOD = "Такого учебного периода нет. Показан период по умолчанию."
BAD_YEAR = "Такого учебного года нет. Показан период по умолчанию."
BOTH = "Выберите либо период, либо учебный год. Показан период по умолчанию."
NO_YEAR = "Учебные годы ещё не заведены: статистику считать не за что."


class ScopeForm(forms.Form):
    period = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    year = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


@dataclass(frozen=True)
class Chosen:
    scope: Scope | None
    error: str = ""


def default_scope(*, year: AcademicYear | None = None) -> Scope | None:
    """The last period of ``year`` (else the current year) already over, or else the
    one holding today, or else its first; the year itself when it has no periods. The
    figures are of period marks, which a period under way does not have yet."""
    year = year or current_year()
    if year is None:
        return None
    today = timezone.localdate()
    periods = list(year.periods.order_by("starts_on"))
    current = next((p for p in periods if p.starts_on <= today <= p.ends_on), None)
    over = [p for p in periods if p.ends_on < today]
    period = over[-1] if over else (current or (periods[0] if periods else None))
    return scope_of(year=year, period=period)


def chosen_scope(params, *, year: AcademicYear | None = None) -> Chosen:
    """The scope asked for in ``params`` (request.GET); ``year``: only a period or the
    year of that academic year may be chosen (a class's page)."""
    form = ScopeForm(params)
    fallback = default_scope(year=year)
    if fallback is None:
        return Chosen(None, NO_YEAR)
    if not form.is_valid():
        return Chosen(fallback, BAD_PERIOD if "period" in form.errors else BAD_YEAR)
    period_id, year_id = form.cleaned_data["period"], form.cleaned_data["year"]
    if period_id and year_id:
        return Chosen(fallback, BOTH)
    if period_id:
        periods = StudyPeriod.objects.select_related("year")
        if year is not None:
            periods = periods.filter(year=year)
        period = periods.filter(pk=period_id).first()
        if period is None:
            return Chosen(fallback, BAD_PERIOD)
        return Chosen(scope_of(year=period.year, period=period))
    if year_id:
        years = AcademicYear.objects.all()
        if year is not None:
            years = years.filter(pk=year.pk)
        found = years.filter(pk=year_id).first()
        if found is None:
            return Chosen(fallback, BAD_YEAR)
        return Chosen(scope_of(year=found))
    return Chosen(fallback)


def scope_choices() -> tuple[list[tuple[str, list[tuple[int, str]]]], list[tuple[int, str]]]:
    """The options of the two pickers: periods grouped by year (newest year first) and
    the years, as (id, label). Two queries."""
    years = list(AcademicYear.objects.prefetch_related("periods").order_by("-starts_on"))
    periods = [
        (
            year.name,
            [
                (p.pk, scope_of(year=year, period=p).label)
                for p in sorted(year.periods.all(), key=lambda p: p.starts_on)
            ],
        )
        for year in years
    ]
    return [group for group in periods if group[1]], [
        (y.pk, f"{y.name} учебный год") for y in years
    ]


def scope_query(scope: Scope) -> str:
    return f"period={scope.period.pk}" if scope.period is not None else f"year={scope.year.pk}"
