"""The learners' results indicators of the self-examination report (самообследование):
order of the Ministry of Education and Science No. 1324 of 10.12.2013, appendix 2,
section 1 «Образовательная деятельность», items 1.1–1.19.3, for one academic year
(issue 14 item 2; 000 §1.1, 003 §3.5).

How each is read from the record:

* 1.1–1.4 — the learners counted in the year's general-education classes by the
  statistics' rules (achievements.statistics.rules: a learner counts once, in their
  class at the year's end or the last one they were in), all and by level.
* 1.5 — learners of quality by the year marks (passing, every numeric mark «4» or «5»),
  and their share of 1.1, as the order asks («в общей численности учащихся»).
* 1.6–1.7 — the mean mark of the 9th grade's state exams (ОГЭ; ГВЭ of a learner counted
  in grade 9); 1.8–1.9 — the mean score of ЕГЭ (results with a score: the basic-level
  mathematics exam has a mark only and no score to average).
* 1.10–1.11 — 9th-grade graduates (learners counted in grade 9) with a «2» at such an
  exam; 1.12–1.13 — 11th-grade graduates with an ЕГЭ score below ``MIN_SCORES`` or a
  mark below «3» (basic mathematics, ГВЭ). Russian is a subject named «Русский язык»,
  mathematics one whose name starts with «Математика» or «Алгебра».
* 1.14–1.17 (certificates not issued, with honours) — the record keeps no certificates:
  shown as «нет данных в системе», never guessed.
* 1.18 — learners with a confirmed achievement of the year in an olympiad, contest,
  competition or festival (``CONTEST_CATEGORIES``); 1.19 — of them, winners and
  prize-winners; 1.19.1 at the regional (and interregional) level, 1.19.2 the federal
  (all-Russian), 1.19.3 the international.

A fixed number of queries: the statistics' four, the state exam results and the
achievements of the year."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from achievements.models import Achievement, AchievementStatus, StateExamResult
from achievements.models.portfolio import AchievementLevel, AchievementResult
from achievements.models.state_exams import StateExamKind
from achievements.statistics.core import organisation_statistics, scope_of
from achievements.statistics.rules import mean, numeric, percent
from learners.models import AcademicYear, ProgrammeLevel

__all__ = ["CONTEST_CATEGORIES", "MIN_SCORES", "NO_DATA", "Indicator", "selfexam_indicators"]

NO_DATA = "нет данных в системе"
PEOPLE = "человек"
PEOPLE_SHARE = "человек/%"
SCORE = "балл"

RUSSIAN = "russian"
MATHEMATICS = "mathematics"
# The minimum ЕГЭ scores Rosobrnadzor sets for the certificate of secondary education.
MIN_SCORES = {RUSSIAN: 24, MATHEMATICS: 27}
# Categories of achievements that are olympiads, shows (смотры) and contests in the
# order's sense: the rest (ГТО norms, projects, volunteering…) are not competitions.
CONTEST_CATEGORIES = frozenset({"olympiad", "contest", "professional", "sport", "conference"})
WINNERS = frozenset({AchievementResult.WINNER, AchievementResult.PRIZE_WINNER})
REGIONAL = frozenset({AchievementLevel.REGIONAL, AchievementLevel.INTERREGIONAL})
FEDERAL = frozenset({AchievementLevel.ALL_RUSSIAN})
INTERNATIONAL = frozenset({AchievementLevel.INTERNATIONAL})


@dataclass(frozen=True)
class Indicator:
    number: str  # «1.5»
    name: str  # as in the order
    unit: str  # «человек», «человек/%», «балл»
    count: int | None = None
    percent: Decimal | None = None
    score: Decimal | None = None
    available: bool = True

    @property
    def value(self) -> str:
        """The value as the report prints it: «12», «2 / 66,7 %», «4,50», «—»."""
        if not self.available:
            return NO_DATA
        if self.unit == SCORE:
            return "—" if self.score is None else f"{self.score:f}".replace(".", ",")
        if self.unit == PEOPLE:
            return str(self.count)
        share = "—" if self.percent is None else f"{self.percent:f} %".replace(".", ",")
        return f"{self.count} / {share}"


def _subject(name: str) -> str | None:
    name = name.strip().casefold()
    if name.startswith("русский язык"):
        return RUSSIAN
    if name.startswith(("математика", "алгебра")):
        return MATHEMATICS
    return None


def _people(number, name, count) -> Indicator:
    return Indicator(number, name, PEOPLE, count=count)


def _share(number, name, count, whole) -> Indicator:
    return Indicator(number, name, PEOPLE_SHARE, count=count, percent=percent(count, whole))


def _score(number, name, values) -> Indicator:
    return Indicator(number, name, SCORE, score=mean(sum(values), len(values)))


def _missing(number, name) -> Indicator:
    return Indicator(number, name, PEOPLE_SHARE, available=False)


def selfexam_indicators(*, year: AcademicYear) -> list[Indicator]:
    org = organisation_statistics(scope=scope_of(year=year))
    total = org.totals.learners
    by_level = {level: totals.learners for level, _, totals in org.by_level}
    grade_of = {o.learner_id: g.grade for g in org.groups for o in g.learners}
    learners = set(grade_of)
    graduates = {grade: sum(1 for g in grade_of.values() if g == grade) for grade in (9, 11)}

    nine: dict[str, list[int]] = defaultdict(list)  # subject → marks
    eleven: dict[str, list[int]] = defaultdict(list)  # subject → scores
    failed: dict[tuple[int, str], set[int]] = defaultdict(set)  # (grade, subject) → learners
    for learner_id, kind, subject_name, score, mark in StateExamResult.objects.filter(
        year=year
    ).values_list("learner_id", "kind", "subject__name", "score", "mark"):
        subject = _subject(subject_name)
        if subject is None:
            continue
        value = numeric(mark.strip())
        grade = grade_of.get(learner_id)
        if kind == StateExamKind.OGE or (kind == StateExamKind.GVE and grade == 9):
            if value is not None:
                nine[subject].append(value)
                if value < 3:
                    failed[(9, subject)].add(learner_id)
        elif kind == StateExamKind.EGE or (kind == StateExamKind.GVE and grade == 11):
            if kind == StateExamKind.EGE and score is not None:
                eleven[subject].append(score)
                if score < MIN_SCORES[subject]:
                    failed[(11, subject)].add(learner_id)
            elif value is not None and value < 3:
                failed[(11, subject)].add(learner_id)

    took_part: set[int] = set()
    won: dict[str, set[int]] = defaultdict(set)
    for learner_id, level, result in Achievement.objects.filter(
        status=AchievementStatus.CONFIRMED,
        date__gte=year.starts_on,
        date__lte=year.ends_on,
        category__code__in=CONTEST_CATEGORIES,
    ).values_list("learner_id", "level", "result"):
        if learner_id not in learners:
            continue
        took_part.add(learner_id)
        if result in WINNERS:
            won["any"].add(learner_id)
            for key, levels in (
                ("regional", REGIONAL),
                ("federal", FEDERAL),
                ("international", INTERNATIONAL),
            ):
                if level in levels:
                    won[key].add(learner_id)

    quality = org.totals.quality
    return [
        _people("1.1", "Общая численность учащихся", total),
        _people(
            "1.2",
            "Численность учащихся по образовательной программе начального общего образования",
            by_level.get(ProgrammeLevel.PRIMARY, 0),
        ),
        _people(
            "1.3",
            "Численность учащихся по образовательной программе основного общего образования",
            by_level.get(ProgrammeLevel.BASIC, 0),
        ),
        _people(
            "1.4",
            "Численность учащихся по образовательной программе среднего общего образования",
            by_level.get(ProgrammeLevel.SECONDARY, 0),
        ),
        _share(
            "1.5",
            "Численность/удельный вес численности учащихся, успевающих на «4» и «5» по "
            "результатам промежуточной аттестации, в общей численности учащихся",
            quality,
            total,
        ),
        _score(
            "1.6",
            "Средний балл государственной итоговой аттестации выпускников 9 класса по "
            "русскому языку",
            nine[RUSSIAN],
        ),
        _score(
            "1.7",
            "Средний балл государственной итоговой аттестации выпускников 9 класса по математике",
            nine[MATHEMATICS],
        ),
        _score(
            "1.8",
            "Средний балл единого государственного экзамена выпускников 11 класса по "
            "русскому языку",
            eleven[RUSSIAN],
        ),
        _score(
            "1.9",
            "Средний балл единого государственного экзамена выпускников 11 класса по математике",
            eleven[MATHEMATICS],
        ),
        _share(
            "1.10",
            "Численность/удельный вес численности выпускников 9 класса, получивших "
            "неудовлетворительные результаты на государственной итоговой аттестации по "
            "русскому языку, в общей численности выпускников 9 класса",
            len(failed[(9, RUSSIAN)]),
            graduates[9],
        ),
        _share(
            "1.11",
            "Численность/удельный вес численности выпускников 9 класса, получивших "
            "неудовлетворительные результаты на государственной итоговой аттестации по "
            "математике, в общей численности выпускников 9 класса",
            len(failed[(9, MATHEMATICS)]),
            graduates[9],
        ),
        _share(
            "1.12",
            "Численность/удельный вес численности выпускников 11 класса, получивших "
            "результаты ниже установленного минимального количества баллов единого "
            "государственного экзамена по русскому языку, в общей численности выпускников "
            "11 класса",
            len(failed[(11, RUSSIAN)]),
            graduates[11],
        ),
        _share(
            "1.13",
            "Численность/удельный вес численности выпускников 11 класса, получивших "
            "результаты ниже установленного минимального количества баллов единого "
            "государственного экзамена по математике, в общей численности выпускников "
            "11 класса",
            len(failed[(11, MATHEMATICS)]),
            graduates[11],
        ),
        _missing(
            "1.14",
            "Численность/удельный вес численности выпускников 9 класса, не получивших "
            "аттестаты об основном общем образовании, в общей численности выпускников "
            "9 класса",
        ),
        _missing(
            "1.15",
            "Численность/удельный вес численности выпускников 11 класса, не получивших "
            "аттестаты о среднем общем образовании, в общей численности выпускников "
            "11 класса",
        ),
        _missing(
            "1.16",
            "Численность/удельный вес численности выпускников 9 класса, получивших "
            "аттестаты об основном общем образовании с отличием, в общей численности "
            "выпускников 9 класса",
        ),
        _missing(
            "1.17",
            "Численность/удельный вес численности выпускников 11 класса, получивших "
            "аттестаты о среднем общем образовании с отличием, в общей численности "
            "выпускников 11 класса",
        ),
        _share(
            "1.18",
            "Численность/удельный вес численности учащихся, принявших участие в различных "
            "олимпиадах, смотрах, конкурсах, в общей численности учащихся",
            len(took_part),
            total,
        ),
        _share(
            "1.19",
            "Численность/удельный вес численности учащихся — победителей и призёров "
            "олимпиад, смотров, конкурсов, в общей численности учащихся, в том числе:",
            len(won["any"]),
            total,
        ),
        _share("1.19.1", "Регионального уровня", len(won["regional"]), total),
        _share("1.19.2", "Федерального уровня", len(won["federal"]), total),
        _share("1.19.3", "Международного уровня", len(won["international"]), total),
    ]


def selfexam_rows(indicators: list[Indicator]):
    """The rows of the workbook: number, name, unit, the number of people or the
    score, the share in percent (numbers stay numbers; a missing figure is text)."""
    for item in indicators:
        if not item.available:
            yield (item.number, item.name, item.unit, NO_DATA, "")
        elif item.unit == SCORE:
            yield (item.number, item.name, item.unit, _number(item.score), "")
        elif item.unit == PEOPLE:
            yield (item.number, item.name, item.unit, item.count, "")
        else:
            yield (item.number, item.name, item.unit, item.count, _number(item.percent))


def _number(value: Decimal | None):
    return "—" if value is None else float(value)
