"""The journal: the list of journals, the grid of one, and what its script saves."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from achievements import journal, selectors
from achievements.journal.cells import ABSENCE
from achievements.journal.period_marks import ATTESTATION_SPECIAL
from achievements.models import Attendance, MarkKind
from achievements.views.access import journal_or_404
from achievements.views.requests import json_answer, json_int, json_text, json_value
from common.paging import paginate
from learners import selectors as learner_selectors
from learners.access import JournalAccess, has_role, journal_scope
from learners.models import (
    Learner,
    Role,
    Staff,
    StudyGroup,
    StudyPeriod,
    Subject,
    SubjectKind,
)
from learners.terms import current_terms


class JournalFilterForm(forms.Form):
    """The list's filters (a GET form); the choices are the journals the user may see."""

    group = forms.TypedChoiceField(label="Класс", required=False, coerce=int, empty_value=None)
    subject = forms.TypedChoiceField(label="Предмет", required=False, coerce=int, empty_value=None)
    teacher = forms.TypedChoiceField(label="Учитель", required=False, coerce=int, empty_value=None)
    q = forms.CharField(label="Поиск", required=False, max_length=100, strip=True)

    def __init__(self, data, *, scope):
        super().__init__(data)
        terms = current_terms()
        self.fields["group"].label = terms["Group"]
        self.fields["teacher"].label = terms["Teacher"]
        self.fields["subject"].label = terms["Subject"]
        # Three small reads, however many journals there are.
        groups = StudyGroup.objects.filter(pk__in=scope.values("group_id")).order_by(
            "grade", "name"
        )
        subjects = Subject.objects.filter(pk__in=scope.values("subject_id")).order_by("name")
        teachers = Staff.objects.filter(pk__in=scope.values("teacher_id")).order_by(
            "last_name", "first_name", "patronymic"
        )
        for name, options in (
            ("group", [(g.pk, g.name) for g in groups.only("pk", "name")]),
            ("subject", [(s.pk, s.name) for s in subjects.only("pk", "name")]),
            ("teacher", [(t.pk, t.short_name) for t in teachers]),
        ):
            self.fields[name].choices = [("", "все"), *options]
        self.is_empty = not self.fields["group"].choices[1:]

    def apply(self, journals):
        """The journals that pass the valid filters; a refused one is shown beside the
        form and filters nothing."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        for name in ("group", "subject", "teacher"):
            if name in data:
                journals = journals.filter(**{f"{name}_id": data[name]})
        if "q" in data:
            words = data["q"]
            journals = journals.filter(
                Q(group__name__icontains=words)
                | Q(subject__name__icontains=words)
                | Q(teacher__last_name__icontains=words)
            )
        return journals

    @property
    def active(self) -> bool:
        return any(self.data.get(name) for name in self.fields)


@login_required
def journal_index(request):
    """The user's journals for the current year, filtered and a page at a time; the
    deputy also sees how complete every journal of the chosen period is."""
    year = learner_selectors.current_year()
    periods = list(StudyPeriod.objects.filter(year=year).order_by("starts_on")) if year else []
    period = selectors.current_period(periods)
    if "period" in request.GET:
        period = next((p for p in periods if str(p.pk) == request.GET["period"]), period)
    scope = journal_scope(request.user).filter(group__year=year)
    sees_all = has_role(request.user, Role.DEPUTY, Role.DIRECTOR)
    form = JournalFilterForm(request.GET, scope=scope)
    if form.is_empty and not sees_all:
        raise PermissionDenied("Журналы доступны учителям и администрации.")
    journals = (
        form.apply(scope)
        .select_related("group", "subject", "teacher")
        # The courses of extracurricular activity close the list under their own heading.
        .alias(extracurricular=Q(subject__kind=SubjectKind.EXTRACURRICULAR))
        .order_by(
            "extracurricular",
            "group__grade",
            "group__name",
            "subject__name",
            "teacher__last_name",
            "pk",
        )
    )
    page = paginate(request, journals)
    rows = list(page.object_list)
    if sees_all and period:
        rows = _with_completeness(rows, year=year, period=period)
    return render(
        request,
        "achievements/index.html",
        {
            "year": year,
            "period": period,
            "periods": periods,
            "journals": rows,
            "page": page,
            "form": form,
            "completeness": sees_all and period is not None,
        },
    )


def _with_completeness(journals, *, year, period):
    rule = selectors.attestation_rule()
    stats, enough_marks = selectors.journal_completeness(
        year=year, period=period, min_marks=rule.min_marks
    )
    roster_sizes = dict(
        StudyGroup.objects.filter(year=year).values_list("pk").annotate(n=_active_enrollments())
    )
    for line in journals:
        key = (line.group_id, line.subject_id)
        row = stats.get(key, {})
        line.lesson_total = row.get("total", 0)
        line.untitled = row.get("untitled", 0)
        enough = enough_marks.get(key, 0)
        line.below_minimum = max(roster_sizes.get(line.group_id, 0) - enough, 0)
        if line.subject.kind == SubjectKind.EXTRACURRICULAR:
            # The attestation rule's minimum of marks is for subjects: a course's
            # period result is not proposed from its current marks.
            line.below_minimum = 0
    return journals


def _active_enrollments():
    return Count("enrollments", filter=Q(enrollments__ended_on__isnull=True))


@login_required
def journal_grid(request, group_id, subject_id, period_id):
    access = journal_or_404(request.user, group_id, subject_id)
    periods = selectors.year_periods(period_id=period_id, group_id=group_id)
    period = next((p for p in periods if p.pk == period_id), None)
    group = StudyGroup.objects.filter(pk=group_id).first()
    subject = selectors.subject_with_scale(subject_id)
    if period is None or group is None or subject is None or period.year_id != group.year_id:
        raise Http404("Нет такого журнала.")
    grid = selectors.journal_grid(group=group, subject=subject, period=period, periods=periods)
    corrects = access == JournalAccess.CORRECT
    teaches_open = access == JournalAccess.WRITE and not period.is_closed
    return render(
        request,
        "achievements/grid.html",
        {
            "grid": grid,
            "editable": corrects or teaches_open,
            # The deputy's every change is a correction: the script asks for a reason.
            "needs_reason": corrects,
            "can_edit_lessons": teaches_open,
            # What the script checks a value against before sending it (scale.js).
            "attendance_codes": "|".join(Attendance.values),
            "absence_codes": "|".join(code for code in Attendance.values if code in ABSENCE),
            "period_special": "|".join(sorted(ATTESTATION_SPECIAL)),
        },
    )


@require_POST
@login_required
def cell_save(request):
    def save(data):
        return journal.cell_save(
            lesson_id=json_int(data, "lesson"),
            learner_id=json_int(data, "learner"),
            text=json_value(data),
            version=json_int(data, "version", minimum=0),
            reason=json_text(data, "reason"),
            actor=request.user,
        )

    return json_answer(
        request,
        save,
        lambda cell: {"value": cell.text if cell else "", "version": cell.version if cell else 0},
    )


@require_POST
@login_required
def period_mark_save(request):
    def save(data):
        group = StudyGroup.objects.select_related("year").filter(pk=json_int(data, "group")).first()
        learner = Learner.objects.filter(pk=json_int(data, "learner")).first()
        subject = selectors.subject_with_scale(json_int(data, "subject"))
        kind = json_text(data, "kind", default=MarkKind.PERIOD)
        if kind not in MarkKind.values:
            raise ValidationError("Неизвестный вид отметки.")
        period_id = json_int(data, "period", optional=True)
        period = StudyPeriod.objects.filter(pk=period_id).first() if period_id else None
        if group is None or learner is None or subject is None:
            raise ValidationError("Журнал не найден.")
        if kind == MarkKind.PERIOD and (period is None or period.year_id != group.year_id):
            raise ValidationError("Период не найден.")
        return journal.period_mark_save(
            learner=learner,
            subject=subject,
            group=group,
            kind=kind,
            period=period if kind == MarkKind.PERIOD else None,
            value=json_value(data),
            version=json_int(data, "version", minimum=0),
            reason=json_text(data, "reason"),
            actor=request.user,
        )

    return json_answer(
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
