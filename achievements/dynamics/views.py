"""A learner's dynamics page: the charts and the tables of their numbers."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from achievements.dynamics import charts
from achievements.dynamics.computation import learner_dynamics, record_span
from achievements.dynamics.forms import SpanForm
from achievements.external.selectors import results_for_learner as external_results
from achievements.portfolio.selectors import reads_portfolios
from learners.access import get_learner_results_for_user, refuse, result_subjects


@login_required
def dynamics(request, learner_id):
    learner = get_learner_results_for_user(request.user, learner_id)
    subjects = result_subjects(request.user, learner)
    if subjects is not None and not subjects:
        raise refuse(request.user, "dynamics", learner_id)
    start, end = record_span(learner)
    form = SpanForm(request.GET if ("from" in request.GET or "to" in request.GET) else None)
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
        if start > end:
            # One end given, beyond the other end of the record.
            start, end = end, start
    elif not form.is_bound:
        form = SpanForm(initial={"start": start, "end": end})
    achievements = reads_portfolios(request.user)
    data = learner_dynamics(
        learner=learner, start=start, end=end, subject_ids=subjects, achievements=achievements
    )
    # External assessment of the span beside the school's marks, never mixed with them.
    external = external_results(request.user, learner)
    external = {
        "external": [r for r in external["external"] if start <= r.assessment.held_on <= end],
        "state_exams": [r for r in external["state_exams"] if start <= r.exam_date <= end],
    }
    return render(
        request,
        "achievements/dynamics/learner.html",
        {
            "learner": learner,
            "form": form,
            "dynamics": data,
            "charts": charts.build(data),
            "achievements_shown": achievements,
            "external": external,
        },
    )
