"""The disclosure of results to a customer (001 §4.2, 004 §1.4): one row of the
disclosure log per learner shown, in the transaction of the read."""

from datetime import date

from archive.models import Disclosure, DisclosureGround
from learners.models.years import date_range

WHAT = "Результаты обучения за {span} (посещаемость, текущие результаты, аттестация)"


def customer_results_what(*, start: date, end: date, download: bool = False) -> str:
    what = WHAT.format(span=date_range(start, end))
    return f"{what}, файл XLSX" if download else what


def customer_results_disclose(
    *, actor, customer, group, learners, start: date, end: date, what: str, contracts=None
) -> list[Disclosure]:
    """Log that ``actor``, for ``customer``, was shown the results of ``learners`` of
    ``group`` for the span. ``contracts`` maps a learner's id to the contract their
    enrollment names, kept as the ground's detail. One query, whatever the count."""
    contracts = contracts or {}
    rows = [
        Disclosure(
            recorded_by=actor,
            learner=learner,
            what=what[:300],
            recipient=customer.name[:300],
            ground=DisclosureGround.CUSTOMER,
            ground_detail=(contracts.get(learner.pk) or f"{group.name}, {date_range(start, end)}")[
                :300
            ],
        )
        for learner in learners
    ]
    return Disclosure.objects.bulk_create(rows)
