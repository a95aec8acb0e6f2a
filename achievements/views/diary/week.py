"""The e-diary by day: one week of lessons, homework, marks and absences."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from achievements.selectors.diary_week import diary_week as week_days
from achievements.selectors.diary_week import week_start
from achievements.views.diary.forms import WeekForm
from achievements.views.diary.scope import diary_subjects


@login_required
def diary_week(request, learner_id):
    learner, subjects = diary_subjects(request.user, learner_id)
    today = timezone.localdate()
    form = WeekForm(request.GET)
    # A wrong date shows the current week with the reason, never an error page.
    chosen = form.cleaned_data["date"] if form.is_valid() else None
    monday = week_start(chosen or today)
    days = week_days(learner=learner, monday=monday, today=today, subject_ids=subjects)
    return render(
        request,
        "achievements/diary/week.html",
        {
            "learner": learner,
            "form": form,
            "days": days,
            "monday": monday,
            "last_day": days[-1].date,
            "previous_week": monday - timedelta(days=7),
            "next_week": monday + timedelta(days=7),
            "is_current": monday == week_start(today),
        },
    )
