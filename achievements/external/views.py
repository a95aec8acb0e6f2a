"""Pages of external assessment: the list with the form to create one, an assessment's
classes, a class's grid of results, and its spreadsheet template and import. The
deputy and the director see every assessment, a teacher those of their subjects, a
class teacher those of their class; the deputy and the subject's teacher enter results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from achievements.external import selectors, services, xlsx
from achievements.external.forms import AssessmentForm, ImportForm, subjects_for
from achievements.external.rules import RawRow
from common.downloads import logged_download
from learners.access import has_role

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_reader(user) -> None:
    if not has_role(user, *selectors.READERS):
        raise PermissionDenied("Внешнюю оценку ведут заместитель директора и учителя.")


def _list(request, form=None, status=200):
    creates = selectors.may_create(request.user)
    if creates and form is None:
        form = AssessmentForm(subjects=subjects_for(request.user))
    return render(
        request,
        "achievements/external/list.html",
        {
            "assessments": selectors.visible_assessments(request.user),
            "form": form if creates else None,
        },
        status=status,
    )


@require_GET
@login_required
def assessment_list(request):
    _require_reader(request.user)
    return _list(request)


@require_POST
@login_required
def assessment_create(request):
    _require_reader(request.user)
    if not selectors.may_create(request.user):
        raise PermissionDenied("Процедуру заводит заместитель директора или учитель предмета.")
    form = AssessmentForm(request.POST, subjects=subjects_for(request.user))
    if form.is_valid():
        try:
            assessment = services.assessment_create(actor=request.user, **form.cleaned_data)
        except PermissionDenied as error:
            form.add_error("subject", str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Процедура «{assessment.title}» заведена.")
            return redirect("external_detail", assessment.pk)
    return _list(request, form=form, status=400)


@require_GET
@login_required
def assessment_detail(request, pk):
    _require_reader(request.user)
    assessment = selectors.get_assessment_for_user(request.user, pk)
    return render(
        request,
        "achievements/external/detail.html",
        {
            "assessment": assessment,
            "groups": selectors.assessment_groups(request.user, assessment),
        },
    )


def _raw_rows(post, learners, task_count) -> dict[int, RawRow]:
    rows = {}
    for learner in learners:
        key = str(learner.pk)
        if f"version-{key}" not in post:
            continue
        try:
            version = int(post[f"version-{key}"])
        except ValueError:
            version = -1  # never a stored version: refused as changed
        rows[learner.pk] = RawRow(
            score=post.get(f"score-{key}", ""),
            mark=post.get(f"mark-{key}", ""),
            tasks=[post.get(f"task-{key}-{n}", "") for n in range(1, task_count + 1)],
            version=version,
        )
    return rows


def _grid(request, assessment, group, *, typed=None, errors=None, import_errors=None, status=200):
    learners = selectors.class_learners(group)
    results = selectors.results_by_learner(assessment, learners)
    tasks = range(1, assessment.task_count + 1)
    lines = []
    for learner in learners:
        result = results.get(learner.pk)
        raw = (typed or {}).get(learner.pk)
        if raw is not None:
            score, mark, task_values, version = raw.score, raw.mark, raw.tasks, raw.version
        elif result is not None:
            score = "" if result.score is None else str(result.score)
            mark, version = result.mark, result.version
            task_values = ["" if t is None else str(t) for t in result.task_scores]
        else:
            score, mark, task_values, version = "", "", [], 0
        task_values = list(task_values) + [""] * (len(tasks) - len(task_values))
        lines.append(
            {
                "learner": learner,
                "result": result,
                "score": score,
                "mark": mark,
                "tasks": [(n, task_values[n - 1]) for n in tasks],
                "version": version,
                "errors": (errors or {}).get(learner.pk, []),
            }
        )
    enters = selectors.may_enter(request.user, assessment, group)
    return render(
        request,
        "achievements/external/grid.html",
        {
            "assessment": assessment,
            "group": group,
            "lines": lines,
            "tasks": tasks,
            "enters": enters,
            "marks": selectors.allowed_marks(assessment),
            "import_form": ImportForm() if enters else None,
            "import_errors": import_errors or [],
            "has_errors": bool(errors),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def results_grid(request, pk, group_pk):
    _require_reader(request.user)
    assessment = selectors.get_assessment_for_user(request.user, pk)
    group = selectors.get_group_for_assessment(request.user, assessment, group_pk)
    if request.method == "GET":
        return _grid(request, assessment, group)
    if not selectors.may_enter(request.user, assessment, group):
        raise PermissionDenied("Результаты вносит учитель предмета или заместитель директора.")
    typed = _raw_rows(request.POST, selectors.class_learners(group), assessment.task_count)
    try:
        written = services.results_save(
            actor=request.user, assessment=assessment, group=group, rows=typed
        )
    except services.RowErrors as error:
        messages.error(request, "Результаты не сохранены: исправьте строки с ошибками.")
        return _grid(request, assessment, group, typed=typed, errors=error.rows, status=400)
    messages.success(request, f"Результаты сохранены: изменено записей — {written}.")
    return redirect("external_grid", assessment.pk, group.pk)


@require_GET
@login_required
def results_template(request, pk, group_pk):
    _require_reader(request.user)
    assessment = selectors.get_assessment_for_user(request.user, pk)
    group = selectors.get_group_for_assessment(request.user, assessment, group_pk)
    if not selectors.may_enter(request.user, assessment, group):
        raise PermissionDenied("Шаблон загрузки — для того, кто вносит результаты.")
    content = xlsx.template_bytes(assessment, selectors.class_learners(group))
    return logged_download(
        user=request.user,
        content=content,
        content_type=XLSX_TYPE,
        filename=f"external-{assessment.pk}-{group.name}.xlsx",
        kind="external_template",
        subject=group,
    )


@require_POST
@login_required
def results_import(request, pk, group_pk):
    _require_reader(request.user)
    assessment = selectors.get_assessment_for_user(request.user, pk)
    group = selectors.get_group_for_assessment(request.user, assessment, group_pk)
    if not selectors.may_enter(request.user, assessment, group):
        raise PermissionDenied("Результаты вносит учитель предмета или заместитель директора.")
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = [e for errors in form.errors.values() for e in errors]
        return _grid(request, assessment, group, import_errors=problems, status=400)
    learners = selectors.class_learners(group)
    try:
        rows = xlsx.read_rows(form.cleaned_data["file"], assessment=assessment, learners=learners)
        written = services.results_save(
            actor=request.user,
            assessment=assessment,
            group=group,
            rows=rows,
            reason=services.FROM_FILE,
        )
    except xlsx.FileRefused as error:
        return _grid(request, assessment, group, import_errors=error.errors, status=400)
    except services.RowErrors as error:
        problems = [
            f"Строка {rows[learner_id].line}: {message}"
            for learner_id, messages_ in sorted(
                error.rows.items(), key=lambda item: rows[item[0]].line or 0
            )
            for message in messages_
        ]
        return _grid(request, assessment, group, import_errors=problems, status=400)
    messages.success(request, f"Файл загружен: изменено записей — {written}.")
    return redirect("external_grid", assessment.pk, group.pk)
