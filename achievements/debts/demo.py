"""The demo school's academic debts. The journal demo writes its marks in bulk, past the
saving service that opens debts, so every failing period or year mark gets its debt here
through the same ``debt_sync``. Last year's debts were liquidated in the autumn (a failed
first retake, then the commission), so the list shows both kinds of card; of this year's,
the first has a failed first retake."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from achievements.attestation import NOT_ATTESTED
from achievements.debts import rules, services
from achievements.models import AcademicDebt, MarkKind, PeriodMark
from learners.models import AcademicYear, Role

COMMISSION = "Соколова Е. П.\nМорозов А. В.\nКузнецова И. Н."


def _failing_marks():
    marks = (
        PeriodMark.objects.exclude(kind=MarkKind.FINAL)
        .filter(value__in=("2", NOT_ATTESTED))
        .select_related("subject__grading_scale", "period")
        .order_by("year__starts_on", "period__number", "learner_id", "subject_id", "pk")
    )
    return list(marks)


def _arose_on(mark: PeriodMark, year_ends: dict[int, date]) -> date:
    # A debt arises when the attestation that gave the mark is over; debt_sync opens
    # only what fails on the subject's scale.
    end = mark.period.ends_on if mark.period_id else year_ends[mark.year_id]
    return end + timedelta(days=1)


def generate(*, today: date, seed: int = 17) -> dict[str, int]:
    deputy = get_user_model().objects.filter(groups__name=Role.DEPUTY.label).order_by("pk").first()
    if deputy is None:
        return {"debts": 0}
    year_ends = dict(AcademicYear.objects.values_list("pk", "ends_on"))
    opened = 0
    retaken_this_year = False
    for mark in _failing_marks():
        debt = services.debt_sync(mark=mark, actor=deputy)
        if debt is None:
            continue
        opened += 1
        arose = min(_arose_on(mark, year_ends), today)
        # Retakes are not held in the summer holidays: September's.
        first = arose + timedelta(days=14)
        if arose.month in (6, 7, 8):
            first = date(arose.year, 9, 10)
        second = first + timedelta(days=21)
        past_year = year_ends[mark.year_id] < today and second < today
        deadline = rules.default_deadline(arose)
        deadline = max(deadline, second + timedelta(days=10)) if past_year else max(deadline, today)
        AcademicDebt.objects.filter(pk=debt.pk).update(opened_on=arose, deadline=deadline)
        debt.refresh_from_db()
        if past_year:
            services.debt_attempt_record(
                debt=debt, held_on=first, value="2", commission="", actor=deputy
            )
            services.debt_attempt_record(
                debt=debt, held_on=second, value="3", commission=COMMISSION, actor=deputy
            )
        elif not retaken_this_year and first < today:
            services.debt_attempt_record(
                debt=debt, held_on=first, value="2", commission="", actor=deputy
            )
            retaken_this_year = True
    return {"debts": opened}
