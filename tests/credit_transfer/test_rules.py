"""The eligibility and mismatch rules of a credit-transfer line (000 §4.6, §4.7, §5.7),
table by table, on plain data: no database."""

from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from credit_transfer import checks
from learners.models import ScaleKind

INFORMATICS, ENGLISH, ALGEBRA, CHEMISTRY, MUSIC = 1, 2, 3, 4, 5
CONTEXT = checks.Context(
    grade=7,
    programme="ООП ООО",
    curriculum={
        INFORMATICS: checks.CurriculumEntry(hours=100),
        ENGLISH: checks.CurriculumEntry(hours=102),
        ALGEBRA: checks.CurriculumEntry(hours=102),
        MUSIC: checks.CurriculumEntry(hours=34),
    },
    state_exam_mandatory=frozenset({ALGEBRA}),
    state_exam_chosen=frozenset({ENGLISH}),
    five_point=frozenset({INFORMATICS, ENGLISH, ALGEBRA, CHEMISTRY}),
    names={
        INFORMATICS: ("Информатика", "Инф."),
        ENGLISH: ("Иностранный язык (английский)", "Англ. яз."),
        ALGEBRA: ("Алгебра", ""),
        CHEMISTRY: ("Химия", ""),
        MUSIC: ("Музыка", ""),
    },
)


def line(
    subject=INFORMATICS, name="Информатика", scale=ScaleKind.FIVE_POINT, result="5", hours=100
):
    return checks.Line(subject, name, scale, result, hours)


@pytest.mark.parametrize(
    ("case", "given", "verdict", "value"),
    [
        ("eligible", line(), "eligible", "5"),
        ("a «3» is credited as it was", line(result="3"), "eligible", "3"),
        ("not in the curriculum", line(subject=CHEMISTRY, name="Химия"), "ineligible", "5"),
        ("mandatory at ГИА", line(subject=ALGEBRA, name="Алгебра", hours=102), "ineligible", "5"),
        ("chosen for ГИА", line(subject=ENGLISH, name="Иностранный язык (английский)",
                                hours=102), "ineligible", "5"),
        ("a «2»", line(result="2"), "ineligible", "2"),
        ("«не зачтено»", line(scale=ScaleKind.PASS_FAIL, result="не зачтено"), "ineligible", ""),
        ("9 % short", line(hours=91), "eligible", "5"),
        ("exactly 10 % short", line(hours=90), "eligible", "5"),
        ("11 % short", line(hours=89), "council", "5"),
        ("another course name", line(name="Программирование на Python"), "council", "5"),
        ("another scale", line(scale=ScaleKind.POINTS, result="87"), "conversion", ""),
        ("a subject graded without marks here", line(subject=MUSIC, name="Музыка", hours=34,
                                                      scale=ScaleKind.LEVELS,
                                                      result="высокий"), "eligible", "зач."),
    ],
)  # fmt: skip
def test_check_line_verdict(case, given, verdict, value):
    result = checks.check_line(given, CONTEXT)
    assert (result.verdict, result.credited_value) == (verdict, value)


@pytest.mark.parametrize(
    ("given", "code", "state", "text"),
    [
        (line(subject=CHEMISTRY, name="Химия"), "curriculum", "fail",
         "«Химия» нет в учебном плане 7 класса (п. 4.6)"),
        (line(subject=ALGEBRA, name="Алгебра", hours=102), "state_exam", "fail",
         "«Алгебра» обязателен для ГИА по программе «ООП ООО» (п. 4.6)"),
        (line(subject=ENGLISH, name="Иностранный язык (английский)", hours=102),
         "state_exam_choice", "fail",
         "«Иностранный язык (английский)» выбран обучающимся для сдачи ГИА (п. 4.6)"),
        (line(result="2"), "result", "fail", "результат «2» не положительный: зачесть нечего"),
        (line(hours=91), "hours", "ok", "91 ч при 100 ч по учебному плану"),
        (line(hours=89), "hours", "route",
         "89 ч при 100 ч по учебному плану: меньше на 11 %, больше 10 % (п. 5.7)"),
        (line(name="Английский язык", subject=ENGLISH, hours=102), "name", "route",
         "«Английский язык» не совпадает с наименованием «Иностранный язык (английский)» "
         "в учебном плане (п. 5.7)"),
        (line(scale=ScaleKind.POINTS, result="87"), "scale", "route",
         "там система оценивания «баллы (0–100)»: зачесть на «4» или «5» либо предложить "
         "аттестацию решает учитель-предметник (п. 4.7)"),
    ],
)  # fmt: skip
def test_check_line_item_explains(given, code, state, text):
    items = {item.code: item for item in checks.check_line(given, CONTEXT).items}
    assert (items[code].state, items[code].text) == (state, text)


def test_check_line_every_check_listed_for_an_eligible_line():
    assert [i.code for i in checks.check_line(line(), CONTEXT).items] == [
        "curriculum", "state_exam", "state_exam_choice", "result", "name", "hours",
    ]  # fmt: skip


def test_check_line_council_and_conversion_together():
    result = checks.check_line(
        line(name="Python", scale=ScaleKind.LEVELS, result="высокий"), CONTEXT
    )
    assert (result.verdict, result.needs_council, result.needs_conversion) == (
        "council",
        True,
        True,
    )
    assert result.verdict_label == (
        "Решение с учётом мнения педагогического совета; перевод отметки — учитель-предметник"
    )


@pytest.mark.parametrize(
    ("name", "matches"),
    [
        ("информатика", True),
        ("  ИНФОРМАТИКА. ", True),
        ("Инф.", True),
        ("«Информатика»", True),
        ("Информатика и ИКТ", False),
    ],
)
def test_check_line_name_compared_as_a_person_would(name, matches):
    items = {i.code: i for i in checks.check_line(line(name=name), CONTEXT).items}
    assert (items["name"].state == "ok") is matches


def test_check_line_names_with_yo_match():
    context = checks.Context(**{**CONTEXT.__dict__, "names": {INFORMATICS: ("Черчение ёмко", "")}})
    items = {i.code: i for i in checks.check_line(line(name="черчение емко"), context).items}
    assert items["name"].state == "ok"


@pytest.mark.parametrize(
    ("hours", "state"),
    [(23, "ok"), (22, "route")],  # a quarter of 100 h is 25 h
)
def test_check_line_hours_scaled_to_the_period(hours, state):
    context = checks.Context(**{**CONTEXT.__dict__, "period_share": Fraction(1, 4)})
    items = {i.code: i for i in checks.check_line(line(hours=hours), context).items}
    assert items["hours"].state == state


@pytest.mark.parametrize(
    ("scale", "text", "expected"),
    [
        (ScaleKind.FIVE_POINT, "Отлично", "5"),
        (ScaleKind.FIVE_POINT, "хор.", "4"),
        (ScaleKind.FIVE_POINT, "3", "3"),
        (ScaleKind.PASS_FAIL, "зачёт", "зачтено"),
        (ScaleKind.PASS_FAIL, "Не зачтено", "не зачтено"),
        (ScaleKind.MASTERED, "осв", "освоено"),
        (ScaleKind.LEVELS, "Высокий", "высокий"),
        (ScaleKind.POINTS, "  87 ", "87"),
    ],
)
def test_normalise_result_accepts_spellings(scale, text, expected):
    assert checks.normalise_result(scale, text) == expected


@pytest.mark.parametrize(
    ("scale", "text", "message"),
    [
        (ScaleKind.FIVE_POINT, "7", "Для этой системы оценивания укажите отметку от 2 до 5 "
                                     "(или словом: «отлично», «хорошо»…)."),
        (ScaleKind.POINTS, "101", "Для этой системы оценивания укажите баллы — целое число "
                                  "от 0 до 100."),
        (ScaleKind.POINTS, "отл", "Для этой системы оценивания укажите баллы — целое число "
                                  "от 0 до 100."),
        (ScaleKind.LEVELS, "хороший", "Для этой системы оценивания укажите уровень: "
                                      "«высокий», «средний» или «низкий»."),
    ],
)  # fmt: skip
def test_normalise_result_refuses_with_message(scale, text, message):
    with pytest.raises(ValidationError) as refused:
        checks.normalise_result(scale, text)
    assert refused.value.messages == [message]


@pytest.mark.django_db
def test_state_exam_choice_recorded_on_learner_makes_line_ineligible(school):
    from credit_transfer.selectors import lines_with_checks
    from learners.models import StateExamChoice
    from tests.credit_transfer.conftest import make_application

    application = make_application(school, ["Информатика", "Физическая культура"])
    StateExamChoice.objects.create(
        learner=school.learner, subject=school.subjects["Информатика"], year=school.year
    )
    verdicts = [
        (line.subject.name, check.verdict) for line, check in lines_with_checks(application)
    ]
    assert verdicts == [("Информатика", "ineligible"), ("Физическая культура", "council")]
