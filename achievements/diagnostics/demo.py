"""The demo school's diagnostics: levels for the demo class teacher's class (klassruk)
in the current year's periods already over, so the grid, its summary and a learner's
page have something to show."""

import random
from datetime import date

from django.contrib.auth import get_user_model

from achievements.diagnostics.selectors import KINDS
from achievements.diagnostics.services import CellInput, diagnostics_save
from achievements.models import DiagnosticLevel
from achievements.selectors import is_closed, period_roster
from learners.models import StudyGroup, StudyPeriod

# Most learners in the middle, as a real class is.
WEIGHTS = {DiagnosticLevel.HIGH: 3, DiagnosticLevel.MEDIUM: 5, DiagnosticLevel.LOW: 2}


def generate(*, today: date, seed: int = 17) -> dict[str, int]:
    klassruk = get_user_model().objects.filter(username="klassruk").select_related("staff").first()
    staff = getattr(klassruk, "staff", None) if klassruk else None
    group = (
        StudyGroup.objects.filter(class_teacher=staff, year__starts_on__lte=today)
        .order_by("-year__starts_on", "name")
        .first()
        if staff
        else None
    )
    if group is None:
        return {"diagnostics": 0}
    periods = StudyPeriod.objects.filter(year_id=group.year_id, starts_on__lte=today)
    # The first period(s) of the year: those that have begun, at most two.
    periods = list(periods.order_by("starts_on")[:2])
    rng = random.Random(seed)
    levels, weights = list(WEIGHTS), list(WEIGHTS.values())
    count = 0
    for period in periods:
        if is_closed(period=period, group=group):
            continue
        cells = [
            CellInput(
                learner_id=enrollment.learner_id,
                kind=kind.value,
                level=rng.choices(levels, weights)[0].value,
                was="",
                version=0,
            )
            for enrollment in period_roster(group, period)
            for kind in KINDS
        ]
        count += diagnostics_save(actor=klassruk, group=group, period=period, cells=cells)
    return {"diagnostics": count}
