"""Row ids from URLs and request data.

A primary key is a positive 64-bit integer (PostgreSQL bigint, SQLite INTEGER).
Anything else — letters, another script's digits («١٢», «²» pass str.isdigit() and
some even int()), a number past 2**63 - 1 — names no row: it must answer 404 or a
form error, and never reach the database, which answers a value it cannot hold
with a server error (OverflowError on SQLite, «bigint out of range» on PostgreSQL)."""

from django.http import Http404

DB_INT_MAX = 2**63 - 1


def parse_id(value, *, minimum: int = 1) -> int | None:
    """The id ``value`` names, or None. Takes an int (not a bool: JSON's true is no
    id) or a string of ASCII digits; refuses anything outside [minimum, 2**63 - 1]."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif (
        isinstance(value, str)
        and value.isascii()
        and value.isdigit()
        # 19 digits hold 2**63 - 1; a longer string is refused before int() parses it.
        and len(value) <= len(str(DB_INT_MAX))
    ):
        number = int(value)
    else:
        return None
    return number if minimum <= number <= DB_INT_MAX else None


def id_or_404(value, *, message: str = "Не найдено.") -> int:
    number = parse_id(value)
    if number is None:
        raise Http404(message)
    return number


class IdConverter:
    """``<id:pk>`` in a URL: like ``<int:pk>``, but a number too big for the database
    does not match, so the URL answers 404 instead of reaching a query."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value, minimum=0)
        if number is None:
            raise ValueError(value)  # the resolver treats it as no match: 404
        return number

    def to_url(self, value) -> str:
        return str(value)
