"""The candidate rules (R-RW-4, R-RW-7) as pure functions: each takes one learner's
record of the year (plain frozen dataclasses, already read from the database) and the
organisation's criteria, and returns the candidates it finds. No database here: the
page, the gathering code and the table-driven tests call them with plain values.

Decisions the regulations leave open, taken here once:
- a mark counts as «отлично» / «хорошо» when it equals the settings' codes; another
  digit («3», «2») rules the learner out; a code that is not a digit (зач, осв., зач.)
  neither helps nor hurts when its scale counts it as a positive result, and rules the
  learner out when it does not (н/а, незач);
- a subject of the group's curriculum without a year (final) mark rules the learner
  out: the record is not complete, so nothing is claimed;
- the medal's exam path «only Russian and basic mathematics» is taken literally: with
  any third exam, one score at the threshold besides Russian is needed;
- exam results count as entered once Russian and at least one other ЕГЭ are in; until
  then a medal candidate is shown as pending, at the best degree still possible.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from achievements.models import AchievementLevel, AchievementResult
from rewards.models import Ground

__all__ = [
    "EXAMS_PENDING",
    "KIND_CODES",
    "Candidate",
    "Exam",
    "Feat",
    "Mark",
    "Record",
    "Settings",
    "activity",
    "candidates",
    "certificates",
    "excellence",
    "medal",
    "subject_certificates",
]

EXAMS_PENDING = "ждёт результатов ЕГЭ"
# The kinds the rules propose (codes of rewards/migrations/0002_kinds.py).
KIND_CODES = (
    "excellence_sheet",
    "subject_certificate",
    "certificate",
    "gratitude",
    "parents_letter",
    "medal_1",
    "medal_2",
)
# «Лауреат» is a prize-winner's title in many contests.
PLACED = frozenset({AchievementResult.WINNER, AchievementResult.PRIZE_WINNER,
                    AchievementResult.LAUREATE})  # fmt: skip
LEVEL_WORDS = {
    AchievementLevel.SCHOOL: "школьный уровень",
    AchievementLevel.MUNICIPAL: "муниципальный уровень",
    AchievementLevel.REGIONAL: "региональный уровень",
    AchievementLevel.INTERREGIONAL: "межрегиональный уровень",
    AchievementLevel.ALL_RUSSIAN: "всероссийский уровень",
    AchievementLevel.INTERNATIONAL: "международный уровень",
}
# The ground a грамота is proposed on, by the category of its first achievement; the
# nominator may choose another on the page.
CATEGORY_GROUNDS = {
    "olympiad": Ground.STUDY,
    "contest": Ground.CREATIVE,
    "professional": Ground.TECHNICAL,
    "sport": Ground.SPORT,
    "gto": Ground.PHYSICAL,
    "conference": Ground.SCIENTIFIC,
    "project": Ground.SCIENTIFIC,
    "creative_work": Ground.CREATIVE,
}


def _codes(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in text.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    """The criteria of the ``RewardRule`` row, as plain values."""

    excellent_mark: str = "5"
    good_mark: str = "4"
    # Empty: every grade.
    excellence_grades: frozenset[int] = frozenset()
    subject_levels: frozenset[str] = frozenset()
    certificate_levels: frozenset[str] = frozenset()
    certificate_categories: frozenset[str] = frozenset()
    activity_min: int = 3
    activity_categories: frozenset[str] = frozenset()
    graduate_grade: int = 11
    medal1_russian: int = 70
    medal1_other: int = 70
    medal2_russian: int = 60
    medal2_other: int = 60
    medal2_max_good: int = 2
    basic_maths_mark: str = "5"
    russian_subject: str = "Русский язык"
    maths_subject: str = "Математика"
    # The row has no field for it: the regulation speaks of olympiads in the subject.
    subject_categories: frozenset[str] = frozenset({"olympiad"})

    @classmethod
    def of(cls, rule) -> "Settings":
        return cls(
            excellent_mark=rule.excellent_mark.strip(),
            good_mark=rule.good_mark.strip(),
            excellence_grades=frozenset(
                int(g) for g in _codes(rule.excellence_grades) if g.isdigit()
            ),
            subject_levels=_codes(rule.subject_levels),
            certificate_levels=_codes(rule.certificate_levels),
            certificate_categories=_codes(rule.certificate_categories),
            activity_min=rule.activity_min,
            activity_categories=_codes(rule.activity_categories),
            graduate_grade=rule.graduate_grade,
            medal1_russian=rule.medal1_russian,
            medal1_other=rule.medal1_other,
            medal2_russian=rule.medal2_russian,
            medal2_other=rule.medal2_other,
            medal2_max_good=rule.medal2_max_good,
            basic_maths_mark=rule.basic_maths_mark.strip(),
            russian_subject=rule.russian_subject,
            maths_subject=rule.maths_subject,
        )


@dataclass(frozen=True)
class Mark:
    """A year or final mark. ``passing``: whether the subject's scale counts the value
    as a positive result (ScaleValue.is_passing)."""

    subject_id: int
    subject: str
    value: str
    passing: bool = True


@dataclass(frozen=True)
class Exam:
    """An ЕГЭ result of the year: points, or only a mark (basic mathematics)."""

    subject: str
    score: int | None = None
    mark: str = ""


@dataclass(frozen=True)
class Feat:
    """A confirmed achievement of the year."""

    id: int
    category: str  # AchievementCategory.code
    title: str
    level: str
    result: str
    date: date
    subject_area: str = ""
    category_name: str = ""


@dataclass(frozen=True)
class Record:
    """What the rules know of one learner in one academic year. ``curriculum``: the
    subjects (id, name) of the curriculum of the learner's class and grade."""

    learner_id: int
    name: str
    grade: int
    year: str  # "2026/2027"
    year_marks: tuple[Mark, ...] = ()
    final_marks: tuple[Mark, ...] = ()
    curriculum: tuple[tuple[int, str], ...] = ()
    exams: tuple[Exam, ...] = ()
    feats: tuple[Feat, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """A learner proposed for a kind of reward, with what justifies it. ``pending``:
    the rule is met as far as the record goes, but waits for results (``reason``)."""

    learner_id: int
    learner_name: str
    kind: str  # RewardKind.code
    subject_id: int | None
    subject: str  # the subject's name, or ""
    ground: str  # a Ground value
    merit: str
    evidence: tuple[str, ...]
    achievement_ids: tuple[int, ...] = ()
    pending: bool = False
    reason: str = ""

    @property
    def key(self) -> tuple[int, str, int | None]:
        return (self.learner_id, self.kind, self.subject_id)


def _per(n: int, one: str, few: str, many: str) -> str:
    """«1 предмету», «2 предметам»: the Russian plural after a number."""
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} {one}"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{n} {few}"
    return f"{n} {many}"


def _subjects(n: int) -> str:
    return _per(n, "предмету", "предметам", "предметам")


def _points(n: int) -> str:
    return _per(n, "балл", "балла", "баллов")


def _grade_of(mark: Mark, s: Settings) -> str:
    """ "excellent", "good", "neutral" (a passing non-digit code) or "fail"."""
    value = mark.value.strip()
    if value == s.excellent_mark:
        return "excellent"
    if value == s.good_mark:
        return "good"
    if not value or value.isdigit() or not mark.passing:
        return "fail"
    return "neutral"


@dataclass(frozen=True)
class _Sorted:
    excellent: tuple[Mark, ...]
    good: tuple[Mark, ...]
    neutral: tuple[Mark, ...]
    complete: bool  # no failing mark, every curriculum subject marked


def _sort(marks: Iterable[Mark], curriculum, s: Settings) -> _Sorted:
    found: dict[str, list[Mark]] = {"excellent": [], "good": [], "neutral": [], "fail": []}
    for mark in marks:
        found[_grade_of(mark, s)].append(mark)
    marked = {m.subject_id for m in marks if m.value.strip()}
    missing = [subject_id for subject_id, _ in curriculum if subject_id not in marked]
    return _Sorted(
        tuple(found["excellent"]),
        tuple(found["good"]),
        tuple(found["neutral"]),
        not found["fail"] and not missing,
    )


def _neutral_line(marks: tuple[Mark, ...]) -> list[str]:
    if not marks:
        return []
    return ["Без отметки: " + ", ".join(f"{m.subject} — «{m.value.strip()}»" for m in marks)]


def _feat_line(feat: Feat) -> str:
    result = AchievementResult(feat.result).label if feat.result in PLACED else feat.result
    level = LEVEL_WORDS.get(feat.level, feat.level)
    return f"{result} — {feat.title}, {level} ({feat.date:%d.%m.%Y})"


def excellence(record: Record, s: Settings) -> list[Candidate]:
    """All year marks «отлично» → похвальный лист «За отличные успехи в учении», in the
    grades the organisation's regulation gives it in (``excellence_grades``)."""
    if s.excellence_grades and record.grade not in s.excellence_grades:
        return []
    marks = _sort(record.year_marks, record.curriculum, s)
    if not marks.complete or marks.good or not marks.excellent:
        return []
    n = len(marks.excellent)
    line = "Годовая отметка" if n == 1 else "Годовые отметки"
    every = "всем " if n > 1 and not marks.neutral else ""
    evidence = (f"{line} «{s.excellent_mark}» по {every}{_subjects(n)}",
                *_neutral_line(marks.neutral))  # fmt: skip
    return [
        Candidate(
            learner_id=record.learner_id, learner_name=record.name, kind="excellence_sheet",
            subject_id=None, subject="", ground=Ground.STUDY,
            merit=f"За отличные успехи в учении по итогам {record.year} учебного года",
            evidence=evidence,
        )
    ]  # fmt: skip


def _same_subject(area: str, subject: str) -> bool:
    return bool(area.strip()) and area.strip().casefold() == subject.strip().casefold()


def subject_certificates(record: Record, s: Settings) -> list[Candidate]:
    """Year mark «отлично» in a subject and an olympiad won or placed in it at a level
    of ``subject_levels`` → похвальная грамота по предмету, one per subject."""
    found = []
    for mark in sorted(record.year_marks, key=lambda m: m.subject):
        if _grade_of(mark, s) != "excellent":
            continue
        feats = [
            f for f in record.feats
            if f.category in s.subject_categories and f.level in s.subject_levels
            and f.result in PLACED and _same_subject(f.subject_area, mark.subject)
        ]  # fmt: skip
        if not feats:
            continue
        feats.sort(key=lambda f: (f.date, f.id))
        found.append(
            Candidate(
                learner_id=record.learner_id, learner_name=record.name,
                kind="subject_certificate", subject_id=mark.subject_id, subject=mark.subject,
                ground=Ground.STUDY,
                merit=f"За особые успехи в изучении учебного предмета «{mark.subject}» "
                f"по итогам {record.year} учебного года",
                evidence=(f"{mark.subject}: годовая «{mark.value.strip()}»",
                          *(_feat_line(f) for f in feats)),
                achievement_ids=tuple(f.id for f in feats),
            )
        )  # fmt: skip
    return found


def certificates(record: Record, s: Settings) -> list[Candidate]:
    """Winners and prize-winners of olympiads and contests at a level of
    ``certificate_levels`` → грамота, one listing all of them."""
    feats = sorted(
        (f for f in record.feats
         if f.category in s.certificate_categories and f.level in s.certificate_levels
         and f.result in PLACED),
        key=lambda f: (f.date, f.id),
    )  # fmt: skip
    if not feats:
        return []
    return [
        Candidate(
            learner_id=record.learner_id, learner_name=record.name, kind="certificate",
            subject_id=None, subject="",
            ground=CATEGORY_GROUNDS.get(feats[0].category, Ground.STUDY),
            merit=f"За высокие результаты в олимпиадах и конкурсах {record.year} учебного года",
            evidence=tuple(_feat_line(f) for f in feats),
            achievement_ids=tuple(f.id for f in feats),
        )
    ]  # fmt: skip


def activity(record: Record, s: Settings) -> list[Candidate]:
    """At least ``activity_min`` confirmed entries of volunteering or self-government
    → благодарность to the learner and благодарственное письмо to the parents."""
    feats = sorted(
        (f for f in record.feats if f.category in s.activity_categories),
        key=lambda f: (f.date, f.id),
    )
    if not feats or len(feats) < s.activity_min:
        return []
    evidence = (
        f"Подтверждённых записей о волонтёрстве и самоуправлении: {len(feats)} "
        f"(нужно не меньше {s.activity_min})",
        *(f"{f.category_name or f.category}: {f.title} ({f.date:%d.%m.%Y})" for f in feats),
    )
    ids = tuple(f.id for f in feats)
    common = {"learner_id": record.learner_id, "learner_name": record.name,
              "subject_id": None, "subject": "", "ground": Ground.SOCIAL,
              "evidence": evidence, "achievement_ids": ids}  # fmt: skip
    return [
        Candidate(kind="gratitude", merit="За активное участие в общественной жизни "
                  f"организации в {record.year} учебном году", **common),
        Candidate(kind="parents_letter", merit="За воспитание ребёнка, активно участвующего "
                  f"в общественной жизни организации, в {record.year} учебном году", **common),
    ]  # fmt: skip


def _starts(name: str, prefix: str) -> bool:
    return name.strip().casefold().startswith(prefix.strip().casefold())


def _exam_degree(exams: tuple[Exam, ...], s: Settings) -> tuple[int | None, bool]:
    """(the best medal degree the exams allow, whether results are still to come).
    Degree None: the exams rule the medal out."""
    russian = next((e for e in exams if _starts(e.subject, s.russian_subject)), None)
    others = [e for e in exams if e is not russian]
    if russian is None:
        return 1, True
    score = russian.score if russian.score is not None else -1
    best = 1 if score >= s.medal1_russian else 2 if score >= s.medal2_russian else None
    if best is None or not others:
        return best, best is not None
    basic = [e for e in others if _starts(e.subject, s.maths_subject) and e.score is None]
    only_basic = len(others) == 1 and bool(basic)

    def meets(russian_min: int, other_min: int) -> bool:
        if score < russian_min:
            return False
        if only_basic:
            return basic[0].mark.strip() == s.basic_maths_mark
        return any(e.score is not None and e.score >= other_min for e in others)

    if meets(s.medal1_russian, s.medal1_other):
        return 1, False
    if meets(s.medal2_russian, s.medal2_other):
        return 2, False
    return None, False


def _exam_line(exams: tuple[Exam, ...]) -> str:
    if not exams:
        return "Результаты ЕГЭ ещё не внесены"
    parts = [
        f"{e.subject} — {_points(e.score)}" if e.score is not None
        else f"{e.subject} — отметка «{e.mark.strip()}»"
        for e in sorted(exams, key=lambda e: e.subject)
    ]  # fmt: skip
    return "ЕГЭ: " + "; ".join(parts)


def medal(record: Record, s: Settings) -> list[Candidate]:
    """Graduates: the medal «За особые успехи в учении» (order of the Ministry of
    Enlightenment No. 730 of 29.09.2023). I degree: all final marks «отлично»;
    II degree: «отлично» and one to ``medal2_max_good`` «хорошо»; then the ЕГЭ
    conditions, which may lower I to II or rule the medal out."""
    if record.grade != s.graduate_grade:
        return []
    marks = _sort(record.final_marks, record.curriculum, s)
    if not marks.complete or not marks.excellent or len(marks.good) > s.medal2_max_good:
        return []
    by_marks = 2 if marks.good else 1
    by_exams, pending = _exam_degree(record.exams, s)
    if by_exams is None:
        return []
    degree = max(by_marks, by_exams)
    line = f"Итоговые отметки «{s.excellent_mark}» по {_subjects(len(marks.excellent))}"
    if marks.good:
        line += f", «{s.good_mark}»: " + ", ".join(m.subject for m in marks.good)
    return [
        Candidate(
            learner_id=record.learner_id, learner_name=record.name, kind=f"medal_{degree}",
            subject_id=None, subject="", ground=Ground.STUDY,
            merit="За особые успехи в учении: медаль " + ("I" if degree == 1 else "II")
            + f" степени по итогам {record.year} учебного года",
            evidence=(line, *_neutral_line(marks.neutral), _exam_line(record.exams)),
            pending=pending, reason=EXAMS_PENDING if pending else "",
        )
    ]  # fmt: skip


RULES = (excellence, subject_certificates, certificates, activity, medal)


def candidates(record: Record, s: Settings) -> list[Candidate]:
    """Every rule on one learner's record."""
    return [candidate for rule in RULES for candidate in rule(record, s)]
