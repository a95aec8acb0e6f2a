"""The e-diary: what a family (or a teacher, for their subjects) sees of a learner —
by subject for a study period, and by day for a week (``week``)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from achievements import selectors
from achievements.debts.selectors import debts_for_learner
from achievements.external.selectors import results_for_learner as external_results
from achievements.levels.selectors import sheet_groups
from achievements.selectors.diary_week import homework_due_dates
from achievements.views.diary.scope import diary_subjects
from achievements.views.diary.week import diary_week
from learners import selectors as learner_selectors
from learners.access import family_learners

__all__ = ["diary", "diary_index", "diary_week"]


@login_required
def diary_index(request):
    """A learner and a parent of one child go straight to the diary; a parent of
    several children picks one."""
    learners = list(
        learner_selectors.learners_with_groups(request.user).filter(
            pk__in=family_learners(request.user).values("pk")
        )
    )
    # One card per child even if a join upstream repeats a learner (a pupil in a class
    # and a club once showed twice).
    learners = list({learner.pk: learner for learner in learners}.values())
    if len(learners) == 1:
        return redirect("diary", learners[0].pk)
    if not learners:
        raise PermissionDenied("Электронный дневник — для обучающихся и их родителей.")
    for learner in learners:
        current = [e for e in learner.enrollments.all() if e.ended_on is None]
        learner.diary_groups = [e.group.name for e in current]
    return render(request, "achievements/diary_index.html", {"learners": learners})


@login_required
def diary(request, learner_id):
    learner, subjects = diary_subjects(request.user, learner_id)
    data = selectors.diary(
        learner=learner, period_id=request.GET.get("period"), subject_ids=subjects
    )
    kinds = {}
    for row in [*data.get("subjects", ()), *data.get("courses", ())]:
        for lesson, _ in row.marks:
            kinds.setdefault(lesson.work_kind_id, lesson.work_kind)
    # A phone shows no tooltip: each mark carries its date and kind as text, the kind
    # abbreviated and explained once in a legend.
    data["work_kinds"] = sorted(kinds.values(), key=lambda k: (k.order, k.name))
    homework = data.get("homework") or []
    due = homework_due_dates(lesson.pk for lesson in homework) if homework else {}
    for lesson in homework:
        lesson.due_on = due.get(lesson.pk)
    # The family is told of an open debt where it looks every day (003 §2.2.6).
    data["debts"] = debts_for_learner(learner, subject_ids=subjects)
    # Results of external procedures, kept apart from the school's marks (R-JRN-9).
    data["external"] = external_results(request.user, learner)
    data["level_sheets"] = sheet_groups(request.user, learner)
    return render(request, "achievements/diary.html", {"learner": learner, **data})
