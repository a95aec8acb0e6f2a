"""Numbers in a register: unique and sequential per register and calendar year."""

from django.db import IntegrityError, transaction
from django.db.models import F

from archive.models import RegisterCounter


def next_number(*, register: str, year: int) -> int:
    """The next number of ``register`` in ``year``. Call inside the transaction that
    writes the numbered row: the counter row stays locked until it commits, so a
    second issuer waits and takes the next number, and a rollback gives the number
    back. The first number of a year creates the row; two first issuers at once meet
    at its unique constraint, and the loser locks the winner's row instead."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the numbered row's transaction")
    counters = RegisterCounter.objects.select_for_update()
    counter = counters.filter(register=register, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = RegisterCounter.objects.create(register=register, year=year)
        except IntegrityError:
            counter = counters.get(register=register, year=year)
    RegisterCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    return RegisterCounter.objects.values_list("last", flat=True).get(pk=counter.pk)
