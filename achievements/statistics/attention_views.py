"""The list of learners who need attention (class teacher, deputy, director) and the
self-examination indicators (deputy, director) with their workbook."""

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from achievements.selectors import current_period
from achievements.statistics.attention import attention_list
from achievements.statistics.attention_scope import attention_groups
from achievements.statistics.selfexam import selfexam_indicators, selfexam_rows
from common.downloads import logged_download
from common.ids import parse_id
from common.xlsx import Column, new_workbook, workbook_bytes, write_sheet
from learners import selectors as learner_selectors
from learners.access import sees_all_results
from learners.models import AcademicYear, Role, StudyPeriod
from learners.terms import current_terms
from learners.views import role_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_SELFEXAM = "selfexam_xlsx"


def _dynamics_linked() -> bool:
    # The dynamics page is built beside this one; link to it once its URL exists.
    try:
        reverse("learner_dynamics", args=[1])
    except NoReverseMatch:
        return False
    return True


@role_required(Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR)
def attention(request):
    year = learner_selectors.current_year()
    errors = []
    periods = list(StudyPeriod.objects.filter(year=year).order_by("starts_on")) if year else []
    period = current_period(periods)
    chosen = request.GET.get("period")
    if chosen:
        found = next((p for p in periods if p.pk == parse_id(chosen)), None)
        if found is None:
            errors.append("Нет такого периода в текущем учебном году: показан текущий период.")
        else:
            period = found
    groups = list(attention_groups(request.user, year=year))
    group = None
    chosen = request.GET.get("group")
    if chosen:
        group = next((g for g in groups if g.pk == parse_id(chosen)), None)
        if group is None:
            words = current_terms()
            errors.append(
                f"{words['no_such_group_of_yours']}: показаны {words['all_groups'].lower()}."
            )
    data = None
    if period is not None:
        data = attention_list(
            groups=[group] if group else groups,
            period=period,
            periods=periods,
            leaders_per_group=not sees_all_results(request.user),
        )
    return render(
        request,
        "achievements/attention/list.html",
        {
            "year": year,
            "periods": periods,
            "period": period,
            "groups": groups,
            "group": group,
            "data": data,
            "errors": errors,
            "dynamics": _dynamics_linked(),
            "per_group": not sees_all_results(request.user),
        },
    )


def _chosen_year(request) -> tuple[AcademicYear | None, list[AcademicYear], list[str]]:
    years = list(AcademicYear.objects.order_by("-starts_on"))
    # The report is made for a year that is over (its year marks and exams are in):
    # the last one, or the current year while there is none before it.
    today = timezone.localdate()
    default = next((y for y in years if y.ends_on < today), None)
    default = default or learner_selectors.current_year()
    chosen = request.GET.get("year")
    if not chosen:
        return default, years, []
    found = next((y for y in years if y.pk == parse_id(chosen)), None)
    if found is None:
        return default, years, ["Нет такого учебного года: показан последний завершённый."]
    return found, years, []


@role_required(Role.DEPUTY, Role.DIRECTOR)
def selfexam(request):
    year, years, errors = _chosen_year(request)
    indicators = selfexam_indicators(year=year) if year is not None else []
    return render(
        request,
        "achievements/selfexam/indicators.html",
        {"year": year, "years": years, "errors": errors, "indicators": indicators},
    )


COLUMNS = [
    Column("№", 8),
    Column("Показатель", 80),
    Column("Единица измерения", 14),
    Column("Значение", 14),
    Column("Удельный вес, %", 14),
]


@role_required(Role.DEPUTY, Role.DIRECTOR)
def selfexam_xlsx(request):
    year, _, errors = _chosen_year(request)
    if year is None or errors:
        # A download cannot carry a message: the page says what is wrong.
        return selfexam(request)
    workbook = new_workbook()
    write_sheet(
        workbook,
        title=f"Самообследование {year.name}",
        columns=COLUMNS,
        rows=selfexam_rows(selfexam_indicators(year=year)),
    )
    return logged_download(
        user=request.user,
        content=workbook_bytes(workbook),
        content_type=XLSX,
        filename=f"Самообследование {year.name.replace('/', '-')}.xlsx",
        kind=KIND_SELFEXAM,
        subject=year,
    )
