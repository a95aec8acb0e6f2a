"""The statistics pages and the council's report. The organisation's page and the
report are the deputy's and the director's; a class's page is also its class
teacher's, but not a subject teacher's: it shows every subject's results."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from achievements.statistics import exports
from achievements.statistics.council import council, group_council
from achievements.statistics.forms import chosen_scope, scope_choices, scope_query
from achievements.statistics.rules import COUNTED_VALUES
from common.downloads import logged_download
from learners.access import (
    get_group_for_user,
    reads_group_statistics,
    refuse,
    sees_all_results,
)
from learners.models import Role
from learners.selectors import organisation
from learners.views import role_required

KIND_PDF = "statistics_report_pdf"
KIND_XLSX = "statistics_report_xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _picker(chosen):
    periods, years = scope_choices()
    return {
        "scope": chosen.scope,
        "error": chosen.error,
        "period_choices": periods,
        "year_choices": years,
        "query": scope_query(chosen.scope) if chosen.scope else "",
        "counted_values": COUNTED_VALUES,
    }


@role_required(Role.DEPUTY, Role.DIRECTOR)
def statistics_index(request):
    chosen = chosen_scope(request.GET)
    context = _picker(chosen)
    if chosen.scope is not None:
        context["c"] = council(scope=chosen.scope)
    return render(request, "achievements/statistics/index.html", context)


@login_required
def statistics_group(request, group_id):
    group = get_group_for_user(request.user, group_id, results=True)
    if not reads_group_statistics(request.user, group):
        raise refuse(request.user, "group_statistics", group_id)
    chosen = chosen_scope(request.GET, year=group.year)
    context = _picker(chosen)
    context["group"] = group
    context["sees_all"] = sees_all_results(request.user)
    # The class's page offers its own year's scopes only.
    context["period_choices"] = [g for g in context["period_choices"] if g[0] == group.year.name]
    context["year_choices"] = [y for y in context["year_choices"] if y[0] == group.year.pk]
    context["g"] = group_council(scope=chosen.scope, group=group)
    return render(request, "achievements/statistics/group.html", context)


def _report(request, fmt: str):
    chosen = chosen_scope(request.GET)
    if chosen.scope is None:
        raise refuse(request.user, "statistics_report", "")
    data = council(scope=chosen.scope)
    org = organisation()
    label = data.scope.label
    if fmt == "pdf":
        content = exports.council_pdf(data=data, organisation=org)
        kind, content_type = KIND_PDF, "application/pdf"
    else:
        content = exports.council_xlsx(data=data, organisation=org)
        kind, content_type = KIND_XLSX, XLSX
    return logged_download(
        user=request.user,
        content=content,
        content_type=content_type,
        filename=f"Итоги успеваемости — {label.replace('/', '-')}.{fmt}",
        kind=kind,
        subject=data.scope.period or data.scope.year,
    )


@role_required(Role.DEPUTY, Role.DIRECTOR)
def report_pdf(request):
    return _report(request, "pdf")


@role_required(Role.DEPUTY, Role.DIRECTOR)
def report_xlsx(request):
    return _report(request, "xlsx")
