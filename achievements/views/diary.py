"""The e-diary: what a family (or a teacher, for their subjects) sees of a learner."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from achievements import selectors
from learners import selectors as learner_selectors
from learners.access import (
    family_learners,
    get_learner_results_for_user,
    refuse,
    result_subjects,
)


@login_required
def diary_index(request):
    """A parent picks a child; a learner goes straight to their own diary."""
    learners = list(
        learner_selectors.learners_with_groups(request.user).filter(
            pk__in=family_learners(request.user).values("pk")
        )
    )
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
