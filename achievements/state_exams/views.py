"""Pages of state exam results (ОГЭ, ЕГЭ, ГВЭ): the index where a year, the kind, the
subject and the class are picked, a class's grid of one exam, and its spreadsheet
template and import. The grid and the import behave like external assessment's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from achievements.external.forms import ImportForm
from achievements.models import StateExamKind
from achievements.state_exams import rules, selectors, services, xlsx
from achievements.state_exams.forms import PageForm
from common.downloads import logged_download
from learners.access import has_role
from learners.selectors import current_year

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENTER_REFUSED = "Результаты ГИА вносит заместитель директора."


def _require_reader(user) -> None:
    if not has_role(user, *selectors.READERS):
        raise PermissionDenied("Результаты ГИА ведут заместитель директора и учителя.")


def _year(request):
    years = list(selectors.years())
    wanted = request.GET.get("year", "")
    chosen = next((y for y in years if str(y.pk) == wanted), None)
    return years, chosen or current_year()


@require_GET
@login_required
def index(request):
    _require_reader(request.user)
    years, year = _year(request)
    groups = (
        selectors.exam_groups(request.user, year) if year else selectors.StudyGroup.objects.none()
    )
    form = PageForm(
        request.GET if "group" in request.GET else None,
        subjects=selectors.subjects_for(request.user),
        groups=groups,
    )
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            return redirect("state_exam_grid", data["group"].pk, data["kind"], data["subject"].pk)
        status = 400
    return render(
        request,
        "achievements/state_exams/index.html",
        {
            "years": years,
            "year": year,
            "form": form,
            "recorded": selectors.recorded(request.user, year) if year else [],
        },
        status=status,
    )


def _typed_rows(post, learners) -> dict[int, rules.ExamRow]:
    rows = {}
    for learner in learners:
        key = str(learner.pk)
        if f"version-{key}" not in post:
            continue
        try:
            version = int(post[f"version-{key}"])
        except ValueError:
            version = -1  # never a stored version: refused as changed
        rows[learner.pk] = rules.ExamRow(
            exam_date=post.get(f"date-{key}", ""),
            score=post.get(f"score-{key}", ""),
            mark=post.get(f"mark-{key}", ""),
            version=version,
        )
    return rows


def _page(request, group_pk, kind, subject_pk):
    _require_reader(request.user)
    return selectors.get_page_for_user(request.user, group_pk, kind, subject_pk)


def _grid(
    request, group, kind, subject, *, typed=None, errors=None, import_errors=None, status=200
):
    learners = selectors.class_learners(group)
    results = selectors.results_by_learner(
        kind=kind, subject=subject, year=group.year, learners=learners
    )
    lines = []
    for learner in learners:
        result = results.get(learner.pk)
        raw = (typed or {}).get(learner.pk)
        if raw is not None:
            exam_date, score, mark, version = raw.exam_date, raw.score, raw.mark, raw.version
        elif result is not None:
            exam_date = result.exam_date.isoformat()
            score = "" if result.score is None else str(result.score)
            mark, version = result.mark, result.version
        else:
            exam_date, score, mark, version = "", "", "", 0
        lines.append(
            {
                "learner": learner,
                "result": result,
                "exam_date": exam_date,
                "score": score,
                "mark": mark,
                "version": version,
                "errors": (errors or {}).get(learner.pk, []),
            }
        )
    enters = selectors.may_enter(request.user)
    return render(
        request,
        "achievements/state_exams/grid.html",
        {
            "group": group,
            "kind": kind,
            "kind_label": StateExamKind(kind).label,
            "is_ege": kind == StateExamKind.EGE,
            "subject": subject,
            "lines": lines,
            "enters": enters,
            "marks": rules.MARKS,
            "import_form": ImportForm() if enters else None,
            "import_errors": import_errors or [],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def grid(request, group_pk, kind, subject_pk):
    group, subject = _page(request, group_pk, kind, subject_pk)
    if request.method == "GET":
        return _grid(request, group, kind, subject)
    if not selectors.may_enter(request.user):
        raise PermissionDenied(ENTER_REFUSED)
    typed = _typed_rows(request.POST, selectors.class_learners(group))
    try:
        written = services.results_save(
            actor=request.user, group=group, subject=subject, kind=kind, rows=typed
        )
    except services.RowErrors as error:
        messages.error(request, "Результаты не сохранены: исправьте строки с ошибками.")
        return _grid(request, group, kind, subject, typed=typed, errors=error.rows, status=400)
    messages.success(request, f"Результаты сохранены: изменено записей — {written}.")
    return redirect("state_exam_grid", group.pk, kind, subject.pk)


@require_GET
@login_required
def template(request, group_pk, kind, subject_pk):
    group, subject = _page(request, group_pk, kind, subject_pk)
    if not selectors.may_enter(request.user):
        raise PermissionDenied("Шаблон загрузки — для того, кто вносит результаты.")
    label = StateExamKind(kind).label
    content = xlsx.template_bytes(
        title=f"{label} {subject.name}", learners=selectors.class_learners(group)
    )
    return logged_download(
        user=request.user,
        content=content,
        content_type=XLSX_TYPE,
        filename=f"gia-{kind}-{subject.pk}-{group.name}.xlsx",
        kind="state_exam_template",
        subject=group,
    )


@require_POST
@login_required
def import_file(request, group_pk, kind, subject_pk):
    group, subject = _page(request, group_pk, kind, subject_pk)
    if not selectors.may_enter(request.user):
        raise PermissionDenied(ENTER_REFUSED)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = [e for errors in form.errors.values() for e in errors]
        return _grid(request, group, kind, subject, import_errors=problems, status=400)
    try:
        rows = xlsx.read_rows(form.cleaned_data["file"], learners=selectors.class_learners(group))
        written = services.results_save(
            actor=request.user,
            group=group,
            subject=subject,
            kind=kind,
            rows=rows,
            reason=services.FROM_FILE,
        )
    except xlsx.FileRefused as error:
        return _grid(request, group, kind, subject, import_errors=error.errors, status=400)
    except services.RowErrors as error:
        problems = [
            f"Строка {rows[learner_id].line}: {message}"
            for learner_id, found in sorted(error.rows.items(), key=lambda i: rows[i[0]].line or 0)
            for message in found
        ]
        return _grid(request, group, kind, subject, import_errors=problems, status=400)
    messages.success(request, f"Файл загружен: изменено записей — {written}.")
    return redirect("state_exam_grid", group.pk, kind, subject.pk)
