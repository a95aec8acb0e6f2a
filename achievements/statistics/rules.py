"""The counting rules of attestation results, shared by the summary statement of a class
(archive.summary, its workbook, PDF and JSON Lines) and the class and organisation
statistics (achievements.statistics.core, the council's report): one copy, so that a
figure on a page, in the report and in the archive is made the same way.

How it is counted («Как считается»; docs/archive-schema.md states the same for the archive):

* **Scope.** A study period counts the period marks of that period (kind «period»); a year
  counts the year marks (kind «year»). Current-control marks are not counted.
* **Which class a learner counts in.** In the general-education class they were enrolled
  in at the scope's end; a learner who left (or moved) before the end counts in the last
  class of the year whose enrollment overlaps the scope — so the results of those who left
  are not lost and nobody is counted twice. All the learner's marks of the scope count,
  whichever class they were given in.
* **Counted mark.** A mark with a value; an empty one is not a result yet.
* **Positive** («положительная»): «3», «4», «5», «зач», «зач.», «осв», «осв.». Every other
  value («2», «1», «н/а», «незач», «не осв» …) is not positive: the learner is **behind**
  (неуспевающий) and the subject is listed among their failing subjects.
* **Quality mark**: «4» or «5». «зач»/«осв» pass and do not lower a learner's quality.
* **Numeric** mark: digits only («5»); the mean counts numeric marks only.
* **Exempt subject** (an exemption in force at any time of the scope): without a mark it is
  not counted and is shown as «осв.» in the subject's ``exempt``; with a mark (e.g. one
  credited from another organisation) the mark is counted.
* **Credited marks** (origin «credited», 000 §5) are the learner's result of attestation and
  count like the school's own; they are also counted separately in the subject's
  ``credited``.
* **A learner**: attested — at least one counted mark; passing — attested and every mark
  positive; quality — passing and every numeric mark «4» or «5»; excellent — at least one
  numeric mark and all of them «5», passing; one «4» — passing, exactly one «4», the other
  numeric marks «5»; one «3» — passing, exactly one «3» (the rest «4»/«5»).
* **Progress %** = learners passing × 100 / learners attested; **quality %** = learners of
  quality × 100 / learners attested; per subject the same with its counted marks (quality:
  «4» and «5» among them). Percent to 0.1, mean to 0.01, half up; nothing attested — no
  figure (None, shown «—»).
* Comparison with the previous scope: the difference of percents in percentage points."""

from decimal import ROUND_HALF_UP, Decimal

# The codes of attestation that count as a positive result besides 3, 4 and 5.
PASSING_CODES = frozenset({"3", "4", "5", "зач", "зач.", "осв", "осв."})
QUALITY_CODES = frozenset({"4", "5"})
NOT_ATTESTED = "н/а"
EXEMPT_SHOWN = "осв."
# The columns of counts, in the order the statement and the statistics show them.
COUNTED_VALUES = ("5", "4", "3", "2", NOT_ATTESTED)
MEAN_PLACES = Decimal("0.01")
PERCENT_PLACES = Decimal("0.1")


def is_passing(value: str) -> bool:
    return value in PASSING_CODES


def numeric(value: str) -> int | None:
    """The mark as a number when it is one ("5"), else None ("зач", "н/а")."""
    return int(value) if value.isascii() and value.isdigit() else None


def mean(total: int, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(MEAN_PLACES, rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


def delta(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """The change from ``previous`` to ``current`` (percentage points for percents);
    None when either is missing."""
    if current is None or previous is None:
        return None
    return current - previous


class Shares:
    """The percentages of a count of results, for the dataclasses that hold ``attested``,
    ``passing`` and ``quality`` (and, for the mean, ``numeric_sum`` and
    ``numeric_count``): one statistic, one formula, whichever page or archive shows it."""

    attested: int
    passing: int
    quality: int

    @property
    def progress_percent(self) -> Decimal | None:
        return percent(self.passing, self.attested)

    @property
    def quality_percent(self) -> Decimal | None:
        return percent(self.quality, self.attested)

    @property
    def mean(self) -> Decimal | None:
        return mean(self.numeric_sum, self.numeric_count)
