"""The deputy closes study periods and opens them again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from achievements import journal, selectors
from achievements.models import PeriodClosure
from common.ids import id_or_404
from learners import selectors as learner_selectors
from learners.access import has_role
from learners.models import Role, StudyGroup, StudyPeriod


@login_required
def periods(request):
    """The deputy closes study periods for a class or the whole organisation, and
    opens them again with a written reason."""
    if not has_role(request.user, Role.DEPUTY):
        raise PermissionDenied("Периоды закрывает заместитель директора.")
    year = learner_selectors.current_year()
    if request.method == "POST":
        _close_or_reopen(request, year=year)
        return redirect("journal_periods")
    periods = list(StudyPeriod.objects.filter(year=year).order_by("starts_on"))
    closures = selectors.closures_in_force(year=year)
    groups = list(StudyGroup.objects.filter(year=year).order_by("grade", "name"))
    table = [
        {
            "period": p,
            "whole": closures.get((p.pk, None)),
            "groups": [(g, closures.get((p.pk, g.pk))) for g in groups],
        }
        for p in periods
    ]
    return render(request, "achievements/periods.html", {"year": year, "table": table})


def _close_or_reopen(request, *, year) -> None:
    # «abc» or a number past 64 bits names no period or class: 404, not a query.
    period_id = id_or_404(request.POST.get("period"), message="Нет такого периода.")
    period = get_object_or_404(StudyPeriod, pk=period_id, year=year)
    group_id = request.POST.get("group") or None
    if group_id is not None:
        group_id = id_or_404(group_id, message="Нет такого класса.")
    group = get_object_or_404(StudyGroup, pk=group_id, year=year) if group_id else None
    try:
        if request.POST.get("action") == "reopen":
            closure = get_object_or_404(
                PeriodClosure.objects.in_force(), period=period, group=group
            )
            journal.period_reopen(
                closure=closure, reason=request.POST.get("reason", ""), actor=request.user
            )
            messages.success(request, f"Период «{period.name}» снова открыт.")
        else:
            journal.period_close(period=period, group=group, actor=request.user)
            messages.success(
                request,
                f"Период «{period.name}» закрыт"
                + (f" для {group.name}." if group else " для всей организации."),
            )
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
