"""Adding lessons to a journal, one by one or from the weekly timetable."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from achievements import journal
from achievements.forms import LessonForm, TimetableForm
from achievements.models import Lesson
from achievements.views.access import journal_or_404
from learners.access import JournalAccess
from learners.models import StudyGroup, StudyPeriod, Subject
from learners.terms import current_terms


def _lesson_context(group_id, subject_id, period_id):
    group = get_object_or_404(StudyGroup, pk=group_id)
    subject = get_object_or_404(Subject, pk=subject_id)
    period = get_object_or_404(StudyPeriod, pk=period_id, year_id=group.year_id)
    return group, subject, period


@login_required
def lesson_new(request, group_id, subject_id, period_id, lesson=None):
    journal_or_404(request.user, group_id, subject_id, minimum=JournalAccess.WRITE)
    group, subject, period = _lesson_context(group_id, subject_id, period_id)
    form = LessonForm(request.POST or None, instance=lesson, period=period)
    if request.method == "POST" and form.is_valid():
        try:
            journal.lesson_save(
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
            messages.success(request, current_terms()["lesson_saved"])
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
    journal_or_404(request.user, group_id, subject_id, minimum=JournalAccess.WRITE)
    group, subject, period = _lesson_context(group_id, subject_id, period_id)
    form = TimetableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = journal.lessons_generate(
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
            messages.success(request, f"Создано {current_terms()['lessons_gen']}: {created}.")
            return redirect("journal_grid", group.pk, subject.pk, period.pk)
    return render(
        request,
        "achievements/lessons_generate.html",
        {"form": form, "group": group, "subject": subject, "period": period},
    )
