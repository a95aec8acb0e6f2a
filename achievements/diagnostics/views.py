"""The diagnostics pages (R-JRN-10): the classes to diagnose, the grid of one class in
one period with its summary, and one learner's levels over periods. For the teaching
staff only (003 §4.2): families, the clerk and customers are refused."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from achievements.diagnostics import rules, selectors, services
from achievements.diagnostics.forms import DiagnosticsGridForm, cell_name
from learners.access import get_learner_results_for_user


@require_GET
@login_required
def diagnostics_index(request):
    rules.require_reader(request.user)
    year, groups = selectors.index_groups(request.user)
    return render(request, "achievements/diagnostics/index.html", {"year": year, "groups": groups})


def _grid_page(request, grid, form, *, editable, status=200):
    return render(
        request,
        "achievements/diagnostics/grid.html",
        {
            "grid": grid,
            "form": form,
            "editable": editable,
            "periods": selectors.group_periods(grid.group),
            "kinds": selectors.KINDS,
            "levels": selectors.LEVELS,
            "summary": grid.summary(),
        },
        status=status,
    )


def _refused_form(request, grid, error: services.GridRefused) -> DiagnosticsGridForm:
    """The page again with the user's choices kept, except in the cells someone else
    changed: there what is saved now, with its version, so that saving again works."""
    data = request.POST.copy()
    for (learner_id, kind), (level, version) in error.current.items():
        name = cell_name(learner_id, kind)
        data[name] = data[f"was_{name}"] = level
        data[f"version_{name}"] = str(version)
    form = DiagnosticsGridForm(data, grid=grid)
    form.is_valid()
    for (learner_id, kind), message in error.cells.items():
        name = cell_name(learner_id, kind)
        if name in form.fields:
            form.add_error(name, message)
        else:
            form.add_error(None, message)
    return form


@require_http_methods(["GET", "POST"])
@login_required
def diagnostics_grid(request, group_id, period_id):
    rules.require_reader(request.user)
    group = selectors.get_group_or_404(request.user, group_id)
    period = selectors.get_period_for_group(request.user, group, period_id)
    grid = selectors.diagnostics_grid(group=group, period=period)
    may_write = rules.access_to(request.user, group) == rules.Access.WRITE
    editable = may_write and not grid.closed
    if request.method == "GET":
        return _grid_page(request, grid, DiagnosticsGridForm(grid=grid), editable=editable)
    if not may_write:
        raise PermissionDenied("Диагностику этого класса вы можете только просматривать.")
    form = DiagnosticsGridForm(request.POST, grid=grid)
    if form.is_valid():
        try:
            count = services.diagnostics_save(
                actor=request.user,
                group=group,
                period=period,
                cells=form.cells(),
                reason=form.cleaned_data["reason"],
            )
        except services.GridRefused as error:
            form = _refused_form(request, grid, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Диагностика сохранена: изменено уровней — {count}."
                if count else "Изменений нет: уровни те же."
            )  # fmt: skip
            return redirect("diagnostics_grid", group.pk, period.pk)
    return _grid_page(request, grid, form, editable=editable, status=400)


@require_GET
@login_required
def diagnostics_learner(request, learner_id):
    rules.require_reader(request.user)
    learner = get_learner_results_for_user(request.user, learner_id)
    return render(
        request,
        "achievements/diagnostics/learner.html",
        {
            "learner": learner,
            "lines": selectors.learner_levels(learner),
            "kinds": selectors.KINDS,
        },
    )
