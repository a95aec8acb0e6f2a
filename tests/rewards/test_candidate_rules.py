"""The candidate rules (R-RW-4, R-RW-7) as pure functions, table by table: each row is
one learner's record and the exact candidates expected. No database: the settings are
the defaults of an unsaved RewardRule (the row migration rewards/0002 seeds)."""

from dataclasses import replace
from datetime import date

import pytest

from rewards.candidates.rules import (
    EXAMS_PENDING,
    Candidate,
    Exam,
    Feat,
    Mark,
    Record,
    Settings,
    activity,
    candidates,
    certificates,
    excellence,
    medal,
    subject_certificates,
)
from rewards.models import Ground, RewardRule

S = Settings.of(RewardRule())
SUBJECTS = [
    "Алгебра", "Биология", "География", "Информатика", "История", "Литература",
    "Математика", "Обществознание", "Русский язык", "Физика", "Физическая культура", "Химия",
]  # fmt: skip
MATHS_ID = SUBJECTS.index("Математика") + 1
NAME = "Антонова Мария Ивановна"
RESULT_WORDS = {"winner": "Победитель", "prize_winner": "Призёр", "laureate": "Лауреат"}
LEVEL_WORDS = {
    "school": "школьный", "municipal": "муниципальный", "regional": "региональный",
    "all_russian": "всероссийский", "international": "международный",
}  # fmt: skip


def marks(*values: str, fail: tuple[str, ...] = ("н/а", "незач")) -> tuple[Mark, ...]:
    """Marks of the first subjects of SUBJECTS, in order; a code of ``fail`` is not a
    positive result of its scale."""
    return tuple(
        Mark(
            i,
            SUBJECTS[i - 1] if i <= len(SUBJECTS) else f"Предмет {i}",
            value,
            passing=value not in fail,
        )
        for i, value in enumerate(values, start=1)
    )


def fives(n: int = 12, *others: str) -> tuple[Mark, ...]:
    """``others`` first, then «5» up to ``n`` subjects."""
    return marks(*others, *["5"] * (n - len(others)))


def record(**fields) -> Record:
    return Record(**{"learner_id": 1, "name": NAME, "grade": 5, "year": "2026/2027", **fields})


def feat(n: int = 1, **fields) -> Feat:
    values = {
        "id": n, "category": "olympiad", "title": "Муниципальный этап ВсОШ по математике",
        "level": "municipal", "result": "winner", "date": date(2026, 10, 5),
        "subject_area": "Математика", "category_name": "Олимпиады",
    }  # fmt: skip
    return Feat(**{**values, **fields})


# --- похвальный лист: all year marks «5» -----------------------------------------------

EXCELLENCE = [
    ("all twelve «5»", fives(), (), ("Годовые отметки «5» по всем 12 предметам",)),
    ("one subject, «5»", fives(1), (), ("Годовая отметка «5» по 1 предмету",)),
    ("one «4»", fives(12, "4"), (), None),
    ("a «3»", fives(12, "3"), (), None),
    ("a «2»", fives(12, "2"), (), None),
    ("not attested", fives(12, "н/а"), (), None),
    ("an empty mark", fives(12, ""), (), None),
    ("passed a pass/fail subject", fives(12, "зач"),
     (), ("Годовые отметки «5» по 11 предметам", "Без отметки: Алгебра — «зач»")),
    ("failed a pass/fail subject", fives(12, "незач"), (), None),
    ("only a pass/fail mark", marks("зач"), (), None),
    ("no year marks", (), (), None),
    # A subject of the curriculum without a year mark: the record is not complete.
    ("curriculum subject unmarked", fives(3), ((1, "Алгебра"), (13, "Астрономия")), None),
    ("curriculum all marked", fives(3), ((1, "Алгебра"), (2, "Биология")),
     ("Годовые отметки «5» по всем 3 предметам",)),
]  # fmt: skip


@pytest.mark.parametrize(("case", "year_marks", "curriculum", "evidence"), EXCELLENCE)
def test_excellence_exact_candidates(case, year_marks, curriculum, evidence):
    found = excellence(record(year_marks=year_marks, curriculum=curriculum), S)

    expected = (
        []
        if evidence is None
        else [
            Candidate(
                learner_id=1, learner_name=NAME, kind="excellence_sheet", subject_id=None,
                subject="", ground=Ground.STUDY,
                merit="За отличные успехи в учении по итогам 2026/2027 учебного года",
                evidence=evidence,
            )
        ]
    )  # fmt: skip
    assert found == expected


def test_excellence_mark_code_from_settings():
    found = excellence(record(year_marks=marks("10", "10")), replace(S, excellent_mark="10"))

    assert [c.evidence for c in found] == [("Годовые отметки «10» по всем 2 предметам",)]


# --- похвальная грамота по предмету: «5» + olympiad in the subject ------------------

SUBJECT = [
    ("municipal winner", "5", feat(), True),
    ("school level", "5", feat(level="school"), False),
    ("participant", "5", feat(result="participant"), False),
    ("regional prize-winner", "5", feat(level="regional", result="prize_winner"), True),
    ("laureate counts as prize-winner", "5", feat(result="laureate"), True),
    ("all-Russian winner", "5", feat(level="all_russian"), True),
    ("international winner", "5", feat(level="international"), True),
    ("year mark «4»", "4", feat(), False),
    ("subject area spelt loosely", "5", feat(subject_area="  математика "), True),
    ("another subject", "5", feat(subject_area="Физика"), False),
    ("no subject area", "5", feat(subject_area=""), False),
    # A contest is not an olympiad: the regulation speaks of olympiads in the subject.
    ("a contest", "5", feat(category="contest"), False),
]  # fmt: skip


@pytest.mark.parametrize(("case", "mark", "achievement", "proposed"), SUBJECT)
def test_subject_certificate_exact_candidates(case, mark, achievement, proposed):
    # Физика «4»: an olympiad in physics proposes nothing.
    year_marks = (Mark(MATHS_ID, "Математика", mark), Mark(10, "Физика", "4"))

    found = subject_certificates(record(year_marks=year_marks, feats=(achievement,)), S)

    expected = (
        [
            Candidate(
                learner_id=1, learner_name=NAME, kind="subject_certificate",
                subject_id=MATHS_ID, subject="Математика", ground=Ground.STUDY,
                merit="За особые успехи в изучении учебного предмета «Математика» "
                "по итогам 2026/2027 учебного года",
                evidence=(
                    "Математика: годовая «5»",
                    f"{RESULT_WORDS[achievement.result]} — Муниципальный этап ВсОШ по математике, "
                    f"{LEVEL_WORDS[achievement.level]} уровень (05.10.2026)",
                ),
                achievement_ids=(1,),
            )
        ]
        if proposed
        else []
    )  # fmt: skip
    assert found == expected


def test_subject_certificate_one_per_subject_with_all_its_olympiads():
    year_marks = (Mark(MATHS_ID, "Математика", "5"), Mark(10, "Физика", "5"))
    feats = (
        feat(3, title="Региональный этап ВсОШ по математике", level="regional",
             date=date(2027, 1, 20)),
        feat(2, title="Муниципальный этап ВсОШ по физике", subject_area="Физика"),
        feat(1),
    )  # fmt: skip

    found = subject_certificates(record(year_marks=year_marks, feats=feats), S)

    assert [(c.subject, c.achievement_ids, c.evidence) for c in found] == [
        ("Математика", (1, 3), (
            "Математика: годовая «5»",
            "Победитель — Муниципальный этап ВсОШ по математике, муниципальный уровень "
            "(05.10.2026)",
            "Победитель — Региональный этап ВсОШ по математике, региональный уровень "
            "(20.01.2027)",
        )),
        ("Физика", (2,), (
            "Физика: годовая «5»",
            "Победитель — Муниципальный этап ВсОШ по физике, муниципальный уровень (05.10.2026)",
        )),
    ]  # fmt: skip


# --- грамота: winners and prize-winners at municipal level and above ------------------

CERTIFICATE = [
    ("olympiad, municipal winner", [feat()], (1,), Ground.STUDY),
    ("olympiad, school level", [feat(level="school")], (), None),
    ("participant", [feat(result="participant")], (), None),
    ("contest, regional prize-winner", [feat(category="contest", level="regional",
                                             result="prize_winner")], (1,), Ground.CREATIVE),
    ("professional contest, laureate", [feat(category="professional", result="laureate")],
     (1,), Ground.TECHNICAL),
    ("sport is not in the categories", [feat(category="sport")], (), None),
    ("volunteering is not in the categories", [feat(category="volunteering")], (), None),
    ("all of them in one, by date", [
        feat(1, date=date(2027, 2, 1)), feat(2, level="school"),
        feat(3, category="contest", date=date(2026, 11, 1)), feat(4, result="participant"),
    ], (3, 1), Ground.CREATIVE),
]  # fmt: skip


@pytest.mark.parametrize(("case", "feats", "ids", "ground"), CERTIFICATE)
def test_certificate_exact_candidates(case, feats, ids, ground):
    found = certificates(record(feats=tuple(feats)), S)

    if ground is None:
        assert found == []
        return
    by_id = {f.id: f for f in feats}
    assert found == [
        Candidate(
            learner_id=1, learner_name=NAME, kind="certificate", subject_id=None, subject="",
            ground=ground,
            merit="За высокие результаты в олимпиадах и конкурсах 2026/2027 учебного года",
            evidence=tuple(
                f"{RESULT_WORDS[by_id[i].result]} — {by_id[i].title}, "
                f"{LEVEL_WORDS[by_id[i].level]} уровень ({by_id[i].date:%d.%m.%Y})"
                for i in ids
            ),
            achievement_ids=ids,
        )
    ]  # fmt: skip


def test_certificate_levels_from_settings():
    found = certificates(record(feats=(feat(level="school"),)), replace(
        S, certificate_levels=frozenset({"school", "municipal"})
    ))  # fmt: skip

    assert [c.evidence for c in found] == [
        ("Победитель — Муниципальный этап ВсОШ по математике, школьный уровень (05.10.2026)",)
    ]


# --- благодарность and the parents' letter: volunteering and self-government ----------


def deed(n: int, category: str = "volunteering") -> Feat:
    names = {"volunteering": "Волонтёрская деятельность",
             "self_government": "Ученическое самоуправление", "sport": "Спорт"}  # fmt: skip
    return feat(n, category=category, title=f"Акция № {n}", level="school",
                result="participant", subject_area="", category_name=names[category],
                date=date(2026, 10, n))  # fmt: skip


ACTIVITY = [
    ("two entries", [deed(1), deed(2)], 3, None),
    ("three entries", [deed(1), deed(2), deed(3)], 3, (1, 2, 3)),
    ("mixed categories", [deed(1), deed(2, "self_government"), deed(3)], 3, (1, 2, 3)),
    ("sport does not count", [deed(1), deed(2), deed(3, "sport")], 3, None),
    ("a lower minimum", [deed(4)], 1, (4,)),
    ("no entries, minimum zero", [], 0, None),
]  # fmt: skip


@pytest.mark.parametrize(("case", "feats", "minimum", "ids"), ACTIVITY)
def test_activity_exact_candidates(case, feats, minimum, ids):
    found = activity(record(feats=tuple(feats)), replace(S, activity_min=minimum))

    if ids is None:
        assert found == []
        return
    by_id = {f.id: f for f in feats}
    evidence = (
        f"Подтверждённых записей о волонтёрстве и самоуправлении: {len(ids)} "
        f"(нужно не меньше {minimum})",
        *(f"{by_id[i].category_name}: Акция № {i} ({by_id[i].date:%d.%m.%Y})" for i in ids),
    )
    common = {"learner_id": 1, "learner_name": NAME, "subject_id": None, "subject": "",
              "ground": Ground.SOCIAL, "evidence": evidence, "achievement_ids": ids}  # fmt: skip
    assert found == [
        Candidate(kind="gratitude", merit="За активное участие в общественной жизни "
                  "организации в 2026/2027 учебном году", **common),
        Candidate(kind="parents_letter", merit="За воспитание ребёнка, активно участвующего "
                  "в общественной жизни организации, в 2026/2027 учебном году", **common),
    ]  # fmt: skip


# --- medals «За особые успехи в учении» (order No. 730 of 29.09.2023) -----------------

RUS, PHYS, HIST = "Русский язык", "Физика", "История"
BASIC, PROFILE = "Математика (базовый уровень)", "Математика (профильный уровень)"


def exams(*pairs) -> tuple[Exam, ...]:
    """(subject, points) or (subject, "mark") pairs."""
    return tuple(
        Exam(subject, None, result) if isinstance(result, str) else Exam(subject, result)
        for subject, result in pairs
    )


# (final marks: «4»s among twelve subjects, exams) → (kind, pending) or None
MEDALS = [
    # I degree by marks; the exams decide the degree.
    ("all «5», 70/70", fives(), exams((RUS, 70), (PHYS, 70)), ("medal_1", False)),
    ("all «5», 100/100", fives(), exams((RUS, 100), (PHYS, 100)), ("medal_1", False)),
    ("all «5», Russian 69", fives(), exams((RUS, 69), (PHYS, 90)), ("medal_2", False)),
    ("all «5», other 69", fives(), exams((RUS, 90), (PHYS, 69)), ("medal_2", False)),
    ("all «5», 60/60", fives(), exams((RUS, 60), (PHYS, 60)), ("medal_2", False)),
    ("all «5», Russian 59", fives(), exams((RUS, 59), (PHYS, 90)), None),
    ("all «5», other 59", fives(), exams((RUS, 90), (PHYS, 59)), None),
    ("all «5», best other counts", fives(),
     exams((RUS, 75), (PHYS, 40), (HIST, 71)), ("medal_1", False)),
    ("all «5», profile maths 70", fives(), exams((RUS, 70), (PROFILE, 70)), ("medal_1", False)),
    # II degree by marks: one or two «4».
    ("one «4», 90/90", fives(12, "4"), exams((RUS, 90), (PHYS, 90)), ("medal_2", False)),
    ("two «4», 60/60", fives(12, "4", "4"), exams((RUS, 60), (PHYS, 60)), ("medal_2", False)),
    ("two «4», Russian 59", fives(12, "4", "4"), exams((RUS, 59), (PHYS, 90)), None),
    ("two «4», other 59", fives(12, "4", "4"), exams((RUS, 90), (PHYS, 59)), None),
    ("three «4»", fives(12, "4", "4", "4"), exams((RUS, 90), (PHYS, 90)), None),
    ("a «3»", fives(12, "3"), exams((RUS, 90), (PHYS, 90)), None),
    ("a «3» and two «4»", fives(12, "4", "4", "3"), exams((RUS, 90), (PHYS, 90)), None),
    ("not attested", fives(12, "н/а"), exams((RUS, 90), (PHYS, 90)), None),
    ("no final marks", (), exams((RUS, 90), (PHYS, 90)), None),
    # Only Russian and basic mathematics: «5» in basic mathematics instead of 70 (60).
    ("basic maths «5», Russian 70", fives(), exams((RUS, 70), (BASIC, "5")), ("medal_1", False)),
    ("basic maths «5», Russian 69", fives(), exams((RUS, 69), (BASIC, "5")), ("medal_2", False)),
    ("basic maths «5», Russian 60", fives(), exams((RUS, 60), (BASIC, "5")), ("medal_2", False)),
    ("basic maths «5», Russian 59", fives(), exams((RUS, 59), (BASIC, "5")), None),
    ("basic maths «4»", fives(), exams((RUS, 90), (BASIC, "4")), None),
    ("two «4», basic maths «5», 60", fives(12, "4", "4"),
     exams((RUS, 60), (BASIC, "5")), ("medal_2", False)),
    # With a third exam the basic path no longer applies: a score is needed.
    ("basic maths and history 50", fives(), exams((RUS, 90), (BASIC, "5"), (HIST, 50)), None),
    ("basic maths and history 70", fives(),
     exams((RUS, 90), (BASIC, "5"), (HIST, 70)), ("medal_1", False)),
    # Results not entered yet: pending, at the best degree still possible.
    ("no exams yet", fives(), (), ("medal_1", True)),
    ("no exams yet, two «4»", fives(12, "4", "4"), (), ("medal_2", True)),
    ("only Russian 75 so far", fives(), exams((RUS, 75)), ("medal_1", True)),
    ("only Russian 65 so far", fives(), exams((RUS, 65)), ("medal_2", True)),
    ("only Russian 55 so far", fives(), exams((RUS, 55)), None),
    ("Russian not entered yet", fives(), exams((PHYS, 90)), ("medal_1", True)),
]  # fmt: skip


@pytest.mark.parametrize(("case", "final_marks", "taken", "expected"), MEDALS)
def test_medal_degree_exact(case, final_marks, taken, expected):
    found = medal(record(grade=11, final_marks=final_marks, exams=taken), S)

    assert [(c.kind, c.pending) for c in found] == ([expected] if expected else [])
    for candidate in found:
        assert candidate.reason == (EXAMS_PENDING if candidate.pending else "")


def test_medal_candidate_in_full():
    final_marks = fives(12, "4", "зач")
    taken = exams((RUS, 78), (PROFILE, 64), (PHYS, 61))

    found = medal(record(grade=11, final_marks=final_marks, exams=taken), S)

    assert found == [
        Candidate(
            learner_id=1, learner_name=NAME, kind="medal_2", subject_id=None, subject="",
            ground=Ground.STUDY,
            merit="За особые успехи в учении: медаль II степени по итогам 2026/2027 учебного года",
            evidence=(
                "Итоговые отметки «5» по 10 предметам, «4»: Алгебра",
                "Без отметки: Биология — «зач»",
                "ЕГЭ: Математика (профильный уровень) — 64 балла; Русский язык — 78 баллов; "
                "Физика — 61 балл",
            ),
        )
    ]  # fmt: skip


def test_medal_pending_in_full():
    found = medal(record(grade=11, final_marks=fives(21)), S)

    assert [(c.kind, c.evidence, c.pending, c.reason) for c in found] == [
        ("medal_1", ("Итоговые отметки «5» по 21 предмету", "Результаты ЕГЭ ещё не внесены"),
         True, "ждёт результатов ЕГЭ"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "grade", "curriculum", "expected"),
    [
        ("graduate", 11, (), ["medal_1"]),
        ("not a graduate", 10, (), []),
        ("curriculum subject without a final mark", 11, ((99, "Астрономия"),), []),
    ],
)
def test_medal_only_graduates_with_complete_marks(case, grade, curriculum, expected):
    found = medal(
        record(grade=grade, final_marks=fives(), curriculum=curriculum,
               exams=exams((RUS, 90), (PHYS, 90))),
        S,
    )  # fmt: skip

    assert [c.kind for c in found] == expected


# The thresholds come from the settings row, not from the rule.
SETTINGS = [
    ("I degree Russian raised to 80", {"medal1_russian": 80},
     fives(), exams((RUS, 75), (PHYS, 90)), ["medal_2"]),
    ("I degree other raised to 95", {"medal1_other": 95},
     fives(), exams((RUS, 90), (PHYS, 90)), ["medal_2"]),
    ("II degree Russian raised to 70", {"medal2_russian": 70},
     fives(12, "4"), exams((RUS, 65), (PHYS, 90)), []),
    ("II degree other lowered to 40", {"medal2_other": 40},
     fives(12, "4"), exams((RUS, 65), (PHYS, 45)), ["medal_2"]),
    ("three «4» allowed", {"medal2_max_good": 3},
     fives(12, "4", "4", "4"), exams((RUS, 90), (PHYS, 90)), ["medal_2"]),
    ("graduates in grade 12", {"graduate_grade": 12},
     fives(), exams((RUS, 90), (PHYS, 90)), []),
    ("basic maths needs «4»", {"basic_maths_mark": "4"},
     fives(), exams((RUS, 90), (BASIC, "4")), ["medal_1"]),
    ("Russian named otherwise", {"russian_subject": "Русский"},
     fives(), exams(("Русский (родной)", 90), (PHYS, 90)), ["medal_1"]),
]  # fmt: skip


@pytest.mark.parametrize(("case", "changes", "final_marks", "taken", "expected"), SETTINGS)
def test_medal_thresholds_from_settings(case, changes, final_marks, taken, expected):
    found = medal(record(grade=11, final_marks=final_marks, exams=taken), replace(S, **changes))

    assert [c.kind for c in found] == expected


def test_settings_of_rule_reads_the_row():
    rule = RewardRule(
        excellent_mark=" 5 ", subject_levels="regional, all_russian,", activity_min=5,
        certificate_categories="olympiad", medal1_russian=80,
    )  # fmt: skip

    s = Settings.of(rule)

    assert (s.excellent_mark, s.subject_levels, s.certificate_categories, s.activity_min,
            s.medal1_russian, s.medal2_russian) == (
        "5", frozenset({"regional", "all_russian"}), frozenset({"olympiad"}), 5, 80, 60,
    )  # fmt: skip


def test_candidates_runs_every_rule_in_order():
    year_marks = fives()
    feats = (feat(1), *(deed(n) for n in (2, 3, 4)))

    # Every grade gets the sheet here, so that one graduate meets all six rules.
    found = candidates(
        record(grade=11, year_marks=year_marks, final_marks=year_marks, feats=feats,
               exams=exams((RUS, 90), (PHYS, 90))),
        replace(S, excellence_grades=frozenset()),
    )  # fmt: skip

    assert [(c.kind, c.subject_id) for c in found] == [
        ("excellence_sheet", None),
        ("subject_certificate", MATHS_ID),
        ("certificate", None),
        ("gratitude", None),
        ("parents_letter", None),
        ("medal_1", None),
    ]


@pytest.mark.parametrize(
    ("grade", "grades", "kinds"),
    [
        # The default criteria: 2–8 and 10; graduates of 9 and 11 get a certificate of
        # education with honours instead.
        (2, None, ["excellence_sheet"]),
        (8, None, ["excellence_sheet"]),
        (9, None, []),
        (10, None, ["excellence_sheet"]),
        (11, None, []),
        (1, None, []),
        # Emptied by the organisation: every grade.
        (11, frozenset(), ["excellence_sheet"]),
        (9, frozenset({9}), ["excellence_sheet"]),
        (5, frozenset({9}), []),
    ],
)
def test_excellence_only_in_grades_of_settings(grade, grades, kinds):
    settings = S if grades is None else replace(S, excellence_grades=grades)

    found = excellence(record(grade=grade, year_marks=fives()), settings)

    assert [c.kind for c in found] == kinds
