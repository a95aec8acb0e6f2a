"""The final attestation pages (R-JRN-11; 004 §2.4): the training groups with their
commissions, forming or changing a commission, the results grid of one commission and
its protocol. The deputy forms commissions and records results; the director reads
and prints the protocol; a group's teachers and curator read their group's pages.
Anyone else is refused; an object outside one's scope answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from achievements.final_attestation import selectors, services
from achievements.final_attestation.forms import CommissionForm, ResultsForm, field_name
from learners.access import (
    can_manage_final_attestation,
    issues_documents,
    reads_final_attestation,
)

READERS_ONLY = (
    "Итоговую аттестацию ведут заместитель директора и директор; преподаватели учебной "
    "группы её просматривают."
)
DEPUTY_ONLY = "Комиссию формирует и результаты вносит заместитель директора."


def _require_reader(user) -> None:
    if not reads_final_attestation(user):
        raise PermissionDenied(READERS_ONLY)


def _require_manager(user) -> None:
    if not can_manage_final_attestation(user):
        raise PermissionDenied(DEPUTY_ONLY)


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_GET
@login_required
def final_attestation_index(request):
    _require_reader(request.user)
    return render(
        request,
        "achievements/final_attestation/index.html",
        {
            "groups": selectors.index_groups(request.user),
            "may_manage": can_manage_final_attestation(request.user),
        },
    )


def _commission_page(request, form, *, group, commission=None, status=200):
    return render(
        request,
        "achievements/final_attestation/commission_form.html",
        {"form": form, "group": group, "commission": commission},
        status=status,
    )


def _save_commission(request, form, *, group, commission=None):
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return services.commission_save(
            group=group,
            held_on=data["held_on"],
            order_reference=data["order_reference"],
            chair_name=data["chair_name"],
            chair_position=data["chair_position"],
            scale=data["scale"],
            members=form.members(),
            actor=request.user,
            commission=commission,
            version=data["version"],
        )
    except ValidationError as error:
        form.add_error(None, _errors(error))
        return None


@require_http_methods(["GET", "POST"])
@login_required
def final_attestation_commission_new(request, group_id):
    _require_reader(request.user)
    group = selectors.get_group_or_404(request.user, group_id)
    _require_manager(request.user)
    if request.method == "GET":
        return _commission_page(request, CommissionForm(), group=group)
    form = CommissionForm(request.POST)
    commission = _save_commission(request, form, group=group)
    if commission is None:
        return _commission_page(request, form, group=group, status=400)
    messages.success(request, f"Комиссия сформирована: заседание {commission.held_on:%d.%m.%Y}.")
    return redirect("final_attestation_commission", commission.pk)


@require_http_methods(["GET", "POST"])
@login_required
def final_attestation_commission_edit(request, pk):
    _require_reader(request.user)
    commission = selectors.get_commission_or_404(request.user, pk)
    _require_manager(request.user)
    group = commission.group
    if request.method == "GET":
        form = CommissionForm(initial=CommissionForm.initial_of(commission))
        return _commission_page(request, form, group=group, commission=commission)
    form = CommissionForm(request.POST)
    saved = _save_commission(request, form, group=group, commission=commission)
    if saved is None:
        return _commission_page(request, form, group=group, commission=commission, status=400)
    messages.success(request, "Состав комиссии сохранён.")
    return redirect("final_attestation_commission", saved.pk)


def _grid_page(request, grid, form, *, status=200):
    commission = grid.commission
    return render(
        request,
        "achievements/final_attestation/commission.html",
        {
            "commission": commission,
            "grid": grid,
            "form": form,
            "editable": can_manage_final_attestation(request.user),
            "may_print": issues_documents(request.user),
        },
        status=status,
    )


def _refused_form(request, grid, error: services.ResultsRefused) -> ResultsForm:
    """The grid again with what the user typed, except in the rows someone else
    changed: there what is recorded now, with its version, so saving again works."""
    data = request.POST.copy()
    for learner_id, (values, version) in error.current.items():
        for name, value in values.items():
            data[field_name(name, learner_id)] = value
        data[field_name("version", learner_id)] = str(version)
    form = ResultsForm(data, grid=grid)
    form.is_valid()
    for learner_id, texts in error.rows.items():
        for text in texts:
            name = field_name("final_mark", learner_id)
            form.add_error(name if name in form.fields else None, text)
    return form


@require_http_methods(["GET", "POST"])
@login_required
def final_attestation_commission(request, pk):
    _require_reader(request.user)
    commission = selectors.get_commission_or_404(request.user, pk)
    grid = selectors.results_grid(commission)
    if request.method == "GET":
        return _grid_page(request, grid, ResultsForm(grid=grid))
    _require_manager(request.user)
    form = ResultsForm(request.POST, grid=grid)
    if form.is_valid():
        try:
            count = services.results_save(
                commission=commission,
                rows=form.inputs(),
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except services.ResultsRefused as error:
            form = _refused_form(request, grid, error)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(
                request,
                f"Результаты сохранены: изменено — {count}." if count else "Изменений нет.",
            )
            return redirect("final_attestation_commission", commission.pk)
    return _grid_page(request, grid, form, status=400)
