"""The pages of levels by stage (R-JRN-14): the associations with how far each stage is
filled in, the grid of one association × subject × stage, and a learner's individual
achievement sheet (002 §4.5) as a page and as PDF/A."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from achievements.levels import exports, rules, selectors, services
from achievements.levels.forms import LevelsGridForm, field_name
from achievements.models import LevelStage
from common.downloads import logged_download
from learners import selectors as learner_selectors
from learners.access import is_family, refuse


@require_GET
@login_required
def levels_index(request):
    rules.require_reader(request.user)
    year = learner_selectors.current_year()
    lines = selectors.index(request.user, year=year) if year is not None else []
    return render(
        request,
        "achievements/levels/index.html",
        {"year": year, "lines": lines, "stages": selectors.STAGES},
    )


def _stage_or_404(user, value) -> LevelStage:
    if value not in LevelStage.values:
        raise refuse(user, "levels_stage", value)
    return LevelStage(value)


def _default_date(group, today):
    return min(max(today, group.year.starts_on), group.year.ends_on)


def _grid_page(request, grid, form, *, editable, status=200):
    return render(
        request,
        "achievements/levels/grid.html",
        {
            "grid": grid,
            "form": form,
            "editable": editable,
            "stages": selectors.STAGES,
            "summary": grid.summary(),
        },
        status=status,
    )


def _refused_form(request, grid, error: services.GridRefused, default_date):
    """The page again with the user's input kept, except in the rows someone else
    changed: there what is saved now, with its version, so that saving again works."""
    data = request.POST.copy()
    for learner_id, found in error.current.items():
        level = found.level if found else ""
        day = found.checked_on.isoformat() if found and found.checked_on else ""
        comment = found.comment if found else ""
        for what, value in (("level", level), ("date", day), ("comment", comment)):
            data[field_name(learner_id, what)] = data[field_name(learner_id, f"was_{what}")] = value
        data[field_name(learner_id, "version")] = str(found.version if found else 0)
    form = LevelsGridForm(data, grid=grid, default_date=default_date)
    form.is_valid()
    for learner_id, message in error.rows.items():
        name = field_name(learner_id, "level")
        if name in form.fields:
            form.add_error(name, message)
        else:
            form.add_error(None, message)
    return form


@require_http_methods(["GET", "POST"])
@login_required
def levels_grid(request, group_id, subject_id, stage):
    rules.require_reader(request.user)
    group = selectors.get_association_or_404(request.user, group_id)
    subject = selectors.get_subject_or_404(request.user, group, subject_id)
    stage = _stage_or_404(request.user, stage)
    grid = selectors.grid(group=group, subject=subject, stage=stage)
    editable = rules.may_write(request.user, group)
    default_date = _default_date(group, timezone.localdate())
    if request.method == "GET":
        form = LevelsGridForm(grid=grid, default_date=default_date)
        return _grid_page(request, grid, form, editable=editable)
    if not editable:
        raise PermissionDenied(rules.read_only())
    form = LevelsGridForm(request.POST, grid=grid, default_date=default_date)
    if form.is_valid():
        try:
            count = services.levels_save(
                actor=request.user,
                group=group,
                subject=subject,
                stage=stage.value,
                rows=form.inputs(),
                reason=form.cleaned_data["reason"],
            )
        except services.GridRefused as error:
            form = _refused_form(request, grid, error, default_date)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"{stage.label}: сохранено записей — {count}."
                if count else "Изменений нет: уровни те же."
            )  # fmt: skip
            return redirect("levels_grid", group.pk, subject.pk, stage.value)
    return _grid_page(request, grid, form, editable=editable, status=400)


def _sheet(request, learner_id, group_id) -> dict:
    learner, group, subjects = selectors.get_sheet_or_404(request.user, learner_id, group_id)
    return selectors.sheet(
        learner=learner, group=group, subjects=subjects, today=timezone.localdate()
    )


@require_GET
@login_required
def levels_sheet(request, learner_id, group_id):
    data = _sheet(request, learner_id, group_id)
    data["family"] = is_family(request.user, data["learner"].pk)
    return render(request, "achievements/levels/sheet.html", data)


@require_GET
@login_required
def levels_sheet_pdf(request, learner_id, group_id):
    data = _sheet(request, learner_id, group_id)
    content = exports.sheet_pdf(data=data, organisation=learner_selectors.organisation())
    return logged_download(
        user=request.user,
        content=content,
        content_type="application/pdf",
        # The learner's name, not the personal-file number: the family downloads it too.
        filename=f"Лист достижений {data['learner'].full_name}, {data['group'].name}.pdf",
        kind="levels_sheet_pdf",
        subject=data["learner"],
    )
