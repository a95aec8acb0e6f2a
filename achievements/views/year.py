"""The year page of a journal: period marks side by side, the year and final marks."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from achievements import attestation, journal, selectors
from achievements.models import MarkKind, PeriodMark
from achievements.views.access import journal_or_404
from common.ids import parse_id
from learners import selectors as learner_selectors
from learners.access import JournalAccess, refuse
from learners.models import StudyGroup, StudyPeriod, Subject


@login_required
def journal_year(request, group_id, subject_id, year_id):
    """Period marks side by side, the proposed and confirmed year mark and, in a
    graduating class, the final mark."""
    access = journal_or_404(request.user, group_id, subject_id)
    group = get_object_or_404(
        StudyGroup.objects.select_related("year", "programme"), pk=group_id, year_id=year_id
    )
    subject = get_object_or_404(Subject.objects.select_related("grading_scale"), pk=subject_id)
    # A training group's final attestation is the commission's (achievements/final_attestation/),
    # not a final mark per module.
    graduating = group.grade == group.programme.last_grade and not selectors.by_modules(group)
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
            "by_modules": selectors.by_modules(group),
        },
    )


def _year_rows(group, subject, periods):
    roster = list(learner_selectors.group_roster(group))
    marks = defaultdict(dict)
    for mark in PeriodMark.objects.filter(learner__in=roster, subject=subject, year=group.year):
        key = mark.period_id if mark.kind == MarkKind.PERIOD else mark.kind
        marks[mark.learner_id][key] = mark
    rule = selectors.attestation_rule()
    scale = subject.grading_scale.kind
    modules = selectors.by_modules(group)
    if modules:
        lesson_marks = selectors.module_marks(
            learner_ids=[x.pk for x in roster], subject_id=subject.pk, group=group
        )
    rows = []
    for learner in roster:
        own = marks[learner.pk]
        values = [own[p.pk].value if p.pk in own else "" for p in periods]
        if modules:
            proposed = selectors.propose_module(scale, lesson_marks.get(learner.pk, []), rule)
        elif all(values):
            proposed = attestation.propose_year_on(scale, values, rule)
        else:
            # A year mark is proposed from the whole year only: after one quarter the
            # "proposal" would be that quarter's mark, and «confirm all» would store it.
            # The same rule as the service's (journal.period_marks.year_complete).
            proposed = ""
        rows.append(
            {
                "learner": learner,
                "periods": values,
                "proposed": proposed,
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
                journal.period_mark_save(
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
