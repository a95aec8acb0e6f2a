import json
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from achievements import attestation, selectors, services
from achievements.forms import LessonForm, TimetableForm
from achievements.models import Lesson, MarkKind, PeriodClosure, PeriodMark
from common.ids import id_or_404, parse_id
from learners import selectors as learner_selectors
from learners.access import (
    JournalAccess,
    get_learner_results_for_user,
    has_role,
    journal_access,
    journal_scope,
    log,
    refuse,
    result_subjects,
)
from learners.models import Learner, Role, StudyGroup, StudyPeriod


def _journal_or_404(user, group_id, subject_id, minimum=JournalAccess.READ) -> JournalAccess:
    access = journal_access(user, group_id=group_id, subject_id=subject_id)
    if access < minimum:
        raise refuse(user, "journal", f"{group_id}/{subject_id}")
    return access


@login_required
def journal_index(request):
    """The user's journals for the current year; the deputy also sees how complete
    every journal of the chosen period is."""
    year = learner_selectors.current_year()
    periods = list(StudyPeriod.objects.filter(year=year).order_by("starts_on")) if year else []
    period = selectors.current_period(periods)
    if "period" in request.GET:
        period = next((p for p in periods if str(p.pk) == request.GET["period"]), period)
    journals = list(
        journal_scope(request.user)
        .filter(group__year=year)
        .select_related("group", "subject", "teacher")
        .order_by("group__grade", "group__name", "subject__name")
    )
    if not journals and not has_role(request.user, Role.DEPUTY, Role.DIRECTOR):
        raise PermissionDenied("Журналы доступны учителям и администрации.")
    rows = journals
    if has_role(request.user, Role.DEPUTY, Role.DIRECTOR) and period:
        rows = _with_completeness(journals, year=year, period=period)
    return render(
        request,
        "achievements/index.html",
        {"year": year, "period": period, "periods": periods, "journals": rows},
    )


def _with_completeness(journals, *, year, period):
    rule = services.attestation_rule()
    stats, enough_marks = selectors.journal_completeness(
        year=year, period=period, min_marks=rule.min_marks
    )
    roster_sizes = dict(
        StudyGroup.objects.filter(year=year).values_list("pk").annotate(n=_active_enrollments())
    )
    for journal in journals:
        key = (journal.group_id, journal.subject_id)
        row = stats.get(key, {})
        journal.lesson_total = row.get("total", 0)
        journal.untitled = row.get("untitled", 0)
        enough = enough_marks.get(key, 0)
        journal.below_minimum = max(roster_sizes.get(journal.group_id, 0) - enough, 0)
    return journals


def _active_enrollments():
    return Count("enrollments", filter=Q(enrollments__ended_on__isnull=True))


@login_required
def journal_grid(request, group_id, subject_id, period_id):
    access = _journal_or_404(request.user, group_id, subject_id)
    periods = selectors.year_periods(period_id=period_id, group_id=group_id)
    period = next((p for p in periods if p.pk == period_id), None)
    group = StudyGroup.objects.filter(pk=group_id).first()
    subject = selectors.subject_with_scale(subject_id)
    if period is None or group is None or subject is None or period.year_id != group.year_id:
        raise Http404("Нет такого журнала.")
    grid = selectors.journal_grid(group=group, subject=subject, period=period, periods=periods)
    editable = access == JournalAccess.CORRECT or (
        access == JournalAccess.WRITE and not period.is_closed
    )
    return render(
        request,
        "achievements/grid.html",
        {
            "grid": grid,
            "access": int(access),
            "editable": editable,
            "needs_reason": access == JournalAccess.CORRECT,
            "can_edit_lessons": access == JournalAccess.WRITE and not period.is_closed,
        },
    )


# Longer than any cell or attestation value a teacher types; refused before parsing so
# an error message never echoes a megabyte back.
MAX_VALUE_LENGTH = 100


def _no_constant(name):
    # JSON has no Infinity or NaN; Python's parser accepts them unless told not to.
    raise ValueError(f"{name} is not JSON")


def _json_body(request) -> dict:
    try:
        data = json.loads(request.body or b"{}", parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        # ValueError: not JSON, not UTF-8, Infinity/NaN, an integer of thousands of
        # digits; RecursionError: arrays nested thousands deep.
        raise ValidationError("Неверный формат запроса.") from error
    if not isinstance(data, dict):
        raise ValidationError("Неверный формат запроса.")
    return data


def _int(data, key, *, optional=False, minimum=1):
    """An id (or, with minimum=0, a version) as our own script sends it: a JSON
    integer, not a string, a float or true, within the database's 64-bit range."""
    value = data.get(key)
    if value in (None, "") and optional:
        return None
    number = parse_id(value, minimum=minimum) if type(value) is int else None
    if number is None:
        raise ValidationError(f"Неверное значение поля {key}.")
    return number


def _text(data, key, *, default=""):
    """A string field: missing means ``default``; a list, a number or null is refused,
    not stored as «['x']» or «None»; a lone surrogate cannot be stored in UTF-8."""
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ValidationError(f"Неверное значение поля {key}: ожидается текст.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValidationError(f"Неверное значение поля {key}: недопустимые символы.") from error
    return value


def _value(data):
    value = _text(data, "value")
    if len(value) > MAX_VALUE_LENGTH:
        raise ValidationError(
            f"Отметка не может быть длиннее {MAX_VALUE_LENGTH} символов: проверьте, что введено."
        )
    return value


def _json_answer(request, save, answer) -> JsonResponse:
    """Run a journal save for an asynchronous request and answer in JSON: 200 with
    what was stored, 409 with the current value after a stale save, 403 outside the
    user's journals, 400 with the Russian reason for anything else refused."""
    try:
        result = save(_json_body(request))
    except services.Conflict as conflict:
        payload = {"error": conflict.messages[0], "value": conflict.current}
        return JsonResponse({"ok": False, **payload, "version": conflict.version}, status=409)
    except PermissionDenied as error:
        log.warning("access refused: user=%s %s", request.user.pk, request.path)
        return JsonResponse({"ok": False, "error": str(error)}, status=403)
    except ValidationError as error:
        payload = {"ok": False, "error": "; ".join(error.messages)}
        if getattr(error, "code", None) == "reason_required":
            payload["needs_reason"] = True
        return JsonResponse(payload, status=400)
    return JsonResponse({"ok": True, **answer(result)})


@require_POST
@login_required
def cell_save(request):
    def save(data):
        return services.cell_save(
            lesson_id=_int(data, "lesson"),
            learner_id=_int(data, "learner"),
            text=_value(data),
            version=_int(data, "version", minimum=0),
            reason=_text(data, "reason"),
            actor=request.user,
        )

    return _json_answer(
        request,
        save,
        lambda cell: {"value": cell.text if cell else "", "version": cell.version if cell else 0},
    )


@require_POST
@login_required
def period_mark_save(request):
    def save(data):
        group = StudyGroup.objects.select_related("year").filter(pk=_int(data, "group")).first()
        learner = Learner.objects.filter(pk=_int(data, "learner")).first()
        subject = selectors.subject_with_scale(_int(data, "subject"))
        kind = _text(data, "kind", default=MarkKind.PERIOD)
        if kind not in MarkKind.values:
            raise ValidationError("Неизвестный вид отметки.")
        period_id = _int(data, "period", optional=True)
        period = StudyPeriod.objects.filter(pk=period_id).first() if period_id else None
        if group is None or learner is None or subject is None:
            raise ValidationError("Журнал не найден.")
        if kind == MarkKind.PERIOD and (period is None or period.year_id != group.year_id):
            raise ValidationError("Период не найден.")
        return services.period_mark_save(
            learner=learner,
            subject=subject,
            group=group,
            kind=kind,
            period=period if kind == MarkKind.PERIOD else None,
            value=_value(data),
            version=_int(data, "version", minimum=0),
            reason=_text(data, "reason"),
            actor=request.user,
        )

    return _json_answer(
        request,
        save,
        lambda mark: {"value": mark.value, "version": mark.version, "proposed": mark.proposed},
    )


@require_GET
@login_required
def cell_history(request):
    try:
        lesson_id, learner_id = int(request.GET["lesson"]), int(request.GET["learner"])
    except (KeyError, ValueError) as error:
        raise Http404("Нет такой ячейки.") from error
    lesson, learner, changes = selectors.cell_history_for_user(
        request.user, lesson_id=lesson_id, learner_id=learner_id
    )
    return render(
        request,
        "achievements/_cell_history.html",
        {"lesson": lesson, "learner": learner, "changes": changes},
    )


def _lesson_context(group_id, subject_id, period_id):
    group = get_object_or_404(StudyGroup, pk=group_id)
    subject = get_object_or_404(selectors.Subject, pk=subject_id)
    period = get_object_or_404(StudyPeriod, pk=period_id, year_id=group.year_id)
    return group, subject, period


@login_required
def lesson_new(request, group_id, subject_id, period_id, lesson=None):
    _journal_or_404(request.user, group_id, subject_id, minimum=JournalAccess.WRITE)
    group, subject, period = _lesson_context(group_id, subject_id, period_id)
    form = LessonForm(request.POST or None, instance=lesson, period=period)
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_save(
                group=group,
                subject=subject,
                period=period,
                day=form.cleaned_data["date"],
                number=form.cleaned_data["number"],
                topic=form.cleaned_data["topic"],
                homework=form.cleaned_data["homework"],
                work_kind=form.cleaned_data["work_kind"],
                lesson=lesson,
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Урок сохранён.")
            return redirect("journal_grid", group.pk, subject.pk, period.pk)
    return render(
        request,
        "achievements/lesson_form.html",
        {"form": form, "group": group, "subject": subject, "period": period, "lesson": lesson},
    )


@login_required
def lesson_edit(request, lesson_id):
    lesson = get_object_or_404(Lesson, pk=lesson_id)
    return lesson_new(request, lesson.group_id, lesson.subject_id, lesson.period_id, lesson=lesson)


@login_required
def lessons_generate(request, group_id, subject_id, period_id):
    _journal_or_404(request.user, group_id, subject_id, minimum=JournalAccess.WRITE)
    group, subject, period = _lesson_context(group_id, subject_id, period_id)
    form = TimetableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.lessons_generate(
                group=group,
                subject=subject,
                period=period,
                weekly=form.weekly(),
                work_kind=form.cleaned_data["work_kind"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Создано уроков: {created}.")
            return redirect("journal_grid", group.pk, subject.pk, period.pk)
    return render(
        request,
        "achievements/lessons_generate.html",
        {"form": form, "group": group, "subject": subject, "period": period},
    )


@login_required
def journal_year(request, group_id, subject_id, year_id):
    """Period marks side by side, the proposed and confirmed year mark and, in a
    graduating class, the final mark."""
    access = _journal_or_404(request.user, group_id, subject_id)
    group = get_object_or_404(
        StudyGroup.objects.select_related("year", "programme"), pk=group_id, year_id=year_id
    )
    subject = get_object_or_404(selectors.Subject, pk=subject_id)
    graduating = group.grade == group.programme.last_grade
    errors = []
    if request.method == "POST":
        if access < JournalAccess.WRITE:
            raise refuse(request.user, "journal", f"{group_id}/{subject_id}")
        errors = _save_year_marks(request, group, subject, access, graduating=graduating)
        if not errors:
            messages.success(request, "Отметки сохранены.")
            return redirect("journal_year", group.pk, subject.pk, year_id)
    periods = list(StudyPeriod.objects.filter(year_id=year_id).order_by("starts_on"))
    rows = _year_rows(group, subject, periods)
    return render(
        request,
        "achievements/year.html",
        {
            "group": group,
            "subject": subject,
            "periods": periods,
            "rows": rows,
            "errors": errors,
            "editable": access >= JournalAccess.WRITE,
            "graduating": graduating,
        },
    )


def _year_rows(group, subject, periods):
    roster = list(learner_selectors.group_roster(group))
    marks = defaultdict(dict)
    for mark in PeriodMark.objects.filter(learner__in=roster, subject=subject, year=group.year):
        key = mark.period_id if mark.kind == MarkKind.PERIOD else mark.kind
        marks[mark.learner_id][key] = mark
    rule = services.attestation_rule()
    rows = []
    for learner in roster:
        own = marks[learner.pk]
        values = [own[p.pk].value if p.pk in own else "" for p in periods]
        rows.append(
            {
                "learner": learner,
                "periods": values,
                "proposed": attestation.propose_year(values, rule),
                "year": own.get(MarkKind.YEAR),
                "final": own.get(MarkKind.FINAL),
            }
        )
    return rows


def _posted_version(post, key) -> int:
    """A version from the page's form: a string of digits (the JSON endpoints take
    integers only)."""
    version = parse_id(post.get(key), minimum=0)
    if version is None:
        raise ValidationError(f"Неверное значение поля {key}.")
    return version


def _save_year_marks(request, group, subject, access, *, graduating):
    """Save each changed year (and final) mark through the service; collect the
    refusals to show beside the form. Each mark is its own transaction, so one bad
    line does not undo the others a teacher typed."""
    confirm_all = request.POST.get("action") == "confirm"
    periods = list(StudyPeriod.objects.filter(year=group.year).order_by("starts_on"))
    errors = []
    for row in _year_rows(group, subject, periods):
        learner = row["learner"]
        kinds = [(MarkKind.YEAR, "year")] + ([(MarkKind.FINAL, "final")] if graduating else [])
        for kind, prefix in kinds:
            current = row[prefix]
            value = request.POST.get(f"{prefix}_{learner.pk}", "").strip()
            if confirm_all and kind == MarkKind.YEAR and not value and current is None:
                value = row["proposed"]
            if value == (current.value if current else ""):
                continue
            try:
                services.period_mark_save(
                    learner=learner,
                    subject=subject,
                    group=group,
                    kind=kind,
                    period=None,
                    value=value,
                    version=_posted_version(request.POST, f"{prefix}_version_{learner.pk}"),
                    reason=request.POST.get(f"reason_{learner.pk}", ""),
                    actor=request.user,
                )
            except ValidationError as error:
                errors.append(f"{learner.short_name}: {'; '.join(error.messages)}")
    return errors


@login_required
def periods(request):
    """The deputy closes study periods for a class or the whole organisation."""
    if not has_role(request.user, Role.DEPUTY):
        raise PermissionDenied("Периоды закрывает заместитель директора.")
    year = learner_selectors.current_year()
    if request.method == "POST":
        # «abc» or a number past 64 bits names no period or class: 404, not a query.
        period_id = id_or_404(request.POST.get("period"), message="Нет такого периода.")
        period = get_object_or_404(StudyPeriod, pk=period_id, year=year)
        group_id = request.POST.get("group") or None
        if group_id is not None:
            group_id = id_or_404(group_id, message="Нет такого класса.")
        group = get_object_or_404(StudyGroup, pk=group_id, year=year) if group_id else None
        try:
            if request.POST.get("action") == "reopen":
                closure = get_object_or_404(PeriodClosure, period=period, group=group)
                services.period_reopen(closure=closure, actor=request.user)
                messages.success(request, f"Период «{period.name}» снова открыт.")
            else:
                services.period_close(period=period, group=group, actor=request.user)
                messages.success(
                    request,
                    f"Период «{period.name}» закрыт"
                    + (f" для {group.name}." if group else " для всей организации."),
                )
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        return redirect("journal_periods")
    periods = list(StudyPeriod.objects.filter(year=year).order_by("starts_on"))
    closures = {
        (c.period_id, c.group_id): c
        for c in PeriodClosure.objects.filter(period__year=year).select_related("closed_by")
    }
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


# E-diary -----------------------------------------------------------------------------------


@login_required
def diary_index(request):
    """A parent picks a child; a learner goes straight to their own diary."""
    family = Q(guardianships__guardian__user=request.user) | Q(user=request.user)
    # distinct: a parent who is also the learner's own account would list them twice.
    learners = list(learner_selectors.learners_with_groups(request.user).filter(family).distinct())
    if len(learners) == 1:
        return redirect("diary", learners[0].pk)
    if not learners:
        raise PermissionDenied("Электронный дневник — для обучающихся и их родителей.")
    return render(request, "achievements/diary_index.html", {"learners": learners})


@login_required
def diary(request, learner_id):
    # A customer's view of results is the one of their contract, not the school diary
    # of a child who also attends a paid club: result_learners leaves them out.
    learner = get_learner_results_for_user(request.user, learner_id)
    subjects = result_subjects(request.user, learner)
    if subjects is not None and not subjects:
        raise refuse(request.user, "diary", learner_id)
    data = selectors.diary(
        learner=learner, period_id=request.GET.get("period"), subject_ids=subjects
    )
    return render(request, "achievements/diary.html", {"learner": learner, **data})
