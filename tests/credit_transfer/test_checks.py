"""The automatic checks of a credit-transfer line (credit_transfer/checks.py), table by
table on plain data — no database:

- 000 §4.6: credited only if in the curriculum, not mandatory at ГИА, not chosen for ГИА;
- 000 §4.7: a result on another scale is converted by the subject teacher;
- 000 §5.7: another course name, or hours short by more than 10 %, go to the council.

The context is 7th grade of «ООП ООО». Every subject in the curriculum has 100 hours
except Музыка and Занимательный счёт (34 h); Музыка is graded here without marks. The
last test reads the context from the database (selectors.lines_with_checks)."""

from dataclasses import replace
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from credit_transfer import checks
from credit_transfer.checks import FAIL, OK, ROUTE, Item
from credit_transfer.selectors import lines_with_checks
from learners.models import ScaleKind, StateExamChoice
from tests.credit_transfer.conftest import make_application

INFORMATICS, ENGLISH, ALGEBRA, HISTORY, CHEMISTRY, MUSIC, COUNTING = range(1, 8)

CONTEXT = checks.Context(
    grade=7,
    programme="ООП ООО",
    curriculum={
        INFORMATICS: checks.CurriculumEntry(hours=100),
        ENGLISH: checks.CurriculumEntry(hours=100),
        ALGEBRA: checks.CurriculumEntry(hours=100),
        HISTORY: checks.CurriculumEntry(hours=100),
        MUSIC: checks.CurriculumEntry(hours=34),
        COUNTING: checks.CurriculumEntry(hours=34),
    },
    state_exam_mandatory=frozenset({ALGEBRA}),
    state_exam_chosen=frozenset({HISTORY}),
    five_point=frozenset({INFORMATICS, ENGLISH, ALGEBRA, HISTORY, CHEMISTRY, COUNTING}),
    names={
        INFORMATICS: ("Информатика", ""),
        ENGLISH: ("Иностранный язык (английский)", "Англ. яз."),
        ALGEBRA: ("Алгебра", ""),
        HISTORY: ("История", ""),
        CHEMISTRY: ("Химия", ""),
        MUSIC: ("Музыка", ""),
        COUNTING: ("Занимательный счёт", ""),
    },
)
NAMES = {subject: name for subject, (name, _) in CONTEXT.names.items()}
HOURS = {subject: entry.hours for subject, entry in CONTEXT.curriculum.items()}

ELIGIBLE = "Можно зачесть"
CONVERSION = "Перевод отметки решает учитель-предметник"
COUNCIL = "Решение с учётом мнения педагогического совета"
INELIGIBLE = "Не подлежит зачёту"


def line(subject=INFORMATICS, *, name=None, scale=ScaleKind.FIVE_POINT, result="5", hours=None):
    return checks.Line(
        subject_id=subject,
        external_name=NAMES[subject] if name is None else name,
        external_scale=scale,
        external_result=result,
        external_hours=HOURS.get(subject, 100) if hours is None else hours,
    )


def check(given, context=CONTEXT):
    return checks.check_line(given, context)


def item(result, code):
    found = [i for i in result.items if i.code == code]
    assert len(found) <= 1
    return found[0] if found else None


# Verdicts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "verdict", "label", "value"),
    [
        pytest.param(line(), "eligible", ELIGIBLE, "5", id="eligible"),
        pytest.param(line(result="4"), "eligible", ELIGIBLE, "4", id="eligible-four"),
        pytest.param(line(result="3"), "eligible", ELIGIBLE, "3", id="three-as-it-was"),
        pytest.param(line(CHEMISTRY), "ineligible", INELIGIBLE, "5", id="not-in-curriculum"),
        pytest.param(line(ALGEBRA), "ineligible", INELIGIBLE, "5", id="mandatory-at-gia"),
        pytest.param(line(HISTORY), "ineligible", INELIGIBLE, "5", id="chosen-for-gia"),
        pytest.param(line(result="2"), "ineligible", INELIGIBLE, "2", id="two"),
        pytest.param(line(scale=ScaleKind.PASS_FAIL, result="не зачтено"), "ineligible",
                     INELIGIBLE, "", id="not-passed"),
        pytest.param(line(scale=ScaleKind.MASTERED, result="не освоено"), "ineligible",
                     INELIGIBLE, "", id="not-mastered"),
        pytest.param(line(hours=91), "eligible", ELIGIBLE, "5", id="9-percent-short"),
        pytest.param(line(hours=90), "eligible", ELIGIBLE, "5", id="exactly-10-percent-short"),
        pytest.param(line(hours=89), "council", COUNCIL, "5", id="11-percent-short"),
        pytest.param(line(hours=120), "eligible", ELIGIBLE, "5", id="more-hours"),
        pytest.param(line(ENGLISH, name="Английский язык"), "council", COUNCIL, "5",
                     id="another-name"),
        pytest.param(line(scale=ScaleKind.POINTS, result="87"), "conversion", CONVERSION, "",
                     id="points-on-five-point-subject"),
        pytest.param(line(scale=ScaleKind.PASS_FAIL, result="зачтено"), "conversion",
                     CONVERSION, "", id="pass-on-five-point-subject"),
        pytest.param(line(MUSIC), "eligible", ELIGIBLE, "зач.", id="five-on-subject-without-marks"),
        pytest.param(line(MUSIC, scale=ScaleKind.LEVELS, result="высокий"), "eligible", ELIGIBLE,
                     "зач.", id="levels-on-subject-without-marks"),
        pytest.param(line(MUSIC, scale=ScaleKind.POINTS, result="87"), "eligible", ELIGIBLE,
                     "зач.", id="points-on-subject-without-marks"),
        pytest.param(line(ENGLISH, name="Английский язык", scale=ScaleKind.POINTS, result="87"),
                     "council", COUNCIL + "; перевод отметки — учитель-предметник", "",
                     id="council-and-conversion"),
        pytest.param(line(ALGEBRA, name="Алгебра и начала анализа", hours=50), "ineligible",
                     INELIGIBLE, "5", id="ineligible-beats-council"),
        pytest.param(line(CHEMISTRY, scale=ScaleKind.POINTS, result="87"), "ineligible",
                     INELIGIBLE, "", id="ineligible-beats-conversion"),
    ],
)  # fmt: skip
def test_check_line_verdict(given, verdict, label, value):
    result = check(given)
    assert (result.verdict, result.verdict_label, result.credited_value) == (
        verdict,
        label,
        value,
    )


def test_check_line_eligible_items_exact():
    result = check(line())

    assert result.items == [
        Item("curriculum", OK, "«Информатика» есть в учебном плане 7 класса"),
        Item("state_exam", OK, "не обязателен для государственной итоговой аттестации"),
        Item("state_exam_choice", OK, "не выбран обучающимся для сдачи ГИА"),
        Item("result", OK, "результат «5» положительный"),
        Item("name", OK, "наименование совпадает с учебным планом"),
        Item("hours", OK, "100 ч при 100 ч по учебному плану"),
    ]
    assert (result.ineligible, result.needs_council, result.needs_conversion) == (
        False,
        False,
        False,
    )
    assert result.failures == ""
    assert result.required_hours == 100


@pytest.mark.parametrize(
    ("given", "code", "state", "text"),
    [
        pytest.param(line(CHEMISTRY), "curriculum", FAIL,
                     "«Химия» нет в учебном плане 7 класса (п. 4.6)", id="curriculum"),
        pytest.param(line(ALGEBRA), "state_exam", FAIL,
                     "«Алгебра» обязателен для ГИА по программе «ООП ООО» (п. 4.6)",
                     id="mandatory"),
        pytest.param(line(HISTORY), "state_exam_choice", FAIL,
                     "«История» выбран обучающимся для сдачи ГИА (п. 4.6)", id="chosen"),
        pytest.param(line(result="2"), "result", FAIL,
                     "результат «2» не положительный: зачесть нечего", id="two"),
        pytest.param(line(scale=ScaleKind.PASS_FAIL, result="не зачтено"), "result", FAIL,
                     "результат «не зачтено» не положительный: зачесть нечего",
                     id="not-passed"),
        pytest.param(line(result="4"), "result", OK, "результат «4» положительный", id="four"),
        pytest.param(line(ENGLISH, name="Английский язык"), "name", ROUTE,
                     "«Английский язык» не совпадает с наименованием «Иностранный язык "
                     "(английский)» в учебном плане (п. 5.7)", id="name"),
        pytest.param(line(hours=91), "hours", OK, "91 ч при 100 ч по учебному плану",
                     id="9-percent"),
        pytest.param(line(hours=90), "hours", OK, "90 ч при 100 ч по учебному плану",
                     id="10-percent"),
        pytest.param(line(hours=89), "hours", ROUTE,
                     "89 ч при 100 ч по учебному плану: меньше на 11 %, больше 10 % (п. 5.7)",
                     id="11-percent"),
        pytest.param(line(hours=50), "hours", ROUTE,
                     "50 ч при 100 ч по учебному плану: меньше на 50 %, больше 10 % (п. 5.7)",
                     id="half"),
        pytest.param(line(COUNTING, hours=30), "hours", ROUTE,
                     "30 ч при 34 ч по учебному плану: меньше на 11,8 %, больше 10 % (п. 5.7)",
                     id="fractional-percent"),
        pytest.param(line(scale=ScaleKind.POINTS, result="87"), "scale", ROUTE,
                     "там система оценивания «баллы (0–100)»: зачесть на «4» или «5» либо "
                     "предложить аттестацию решает учитель-предметник (п. 4.7)", id="points"),
        pytest.param(line(scale=ScaleKind.PASS_FAIL, result="зачтено"), "scale", ROUTE,
                     "там система оценивания «зачёт / незачёт»: зачесть на «4» или «5» либо "
                     "предложить аттестацию решает учитель-предметник (п. 4.7)",
                     id="pass-fail"),
        pytest.param(line(scale=ScaleKind.MASTERED, result="освоено"), "scale", ROUTE,
                     "там система оценивания «освоено / не освоено»: зачесть на «4» или «5» "
                     "либо предложить аттестацию решает учитель-предметник (п. 4.7)",
                     id="mastered"),
        pytest.param(line(scale=ScaleKind.LEVELS, result="высокий"), "scale", ROUTE,
                     "там система оценивания «уровни (высокий, средний, низкий)»: зачесть на "
                     "«4» или «5» либо предложить аттестацию решает учитель-предметник "
                     "(п. 4.7)", id="levels"),
    ],
)  # fmt: skip
def test_check_line_item_text(given, code, state, text):
    assert item(check(given), code) == Item(code, state, text)


@pytest.mark.parametrize(
    "given",
    [
        pytest.param(line(), id="five-point-here-and-there"),
        pytest.param(line(MUSIC), id="subject-without-marks-five-point-there"),
        pytest.param(line(MUSIC, scale=ScaleKind.POINTS, result="87"), id="without-marks-points"),
    ],
)
def test_check_line_no_conversion_item(given):
    result = check(given)
    assert item(result, "scale") is None
    assert result.needs_conversion is False


def test_check_line_subject_without_marks_credited_as_pass():
    result = check(line(MUSIC, scale=ScaleKind.PASS_FAIL, result="зачтено"))

    assert (result.verdict, result.credited_value, result.needs_conversion) == (
        "eligible",
        "зач.",
        False,
    )


def test_check_line_council_and_conversion_together():
    result = check(line(ENGLISH, name="Английский язык", scale=ScaleKind.POINTS, result="87"))

    assert result.verdict == "council"
    assert (result.needs_council, result.needs_conversion, result.ineligible) == (
        True,
        True,
        False,
    )
    assert result.verdict_label == (
        "Решение с учётом мнения педагогического совета; перевод отметки — учитель-предметник"
    )
    assert result.credited_value == ""
    assert [(i.code, i.state) for i in result.items if i.state != OK] == [
        ("name", ROUTE),
        ("scale", ROUTE),
    ]


def test_check_line_failures_joined_and_no_hours_outside_curriculum():
    result = check(line(CHEMISTRY, result="2"))

    assert result.failures == (
        "«Химия» нет в учебном плане 7 класса (п. 4.6); "
        "результат «2» не положительный: зачесть нечего"
    )
    assert item(result, "hours") is None
    assert result.required_hours is None


def test_check_line_grade_unknown_names_year_of_study():
    context = replace(CONTEXT, grade=0)

    result = check(line(CHEMISTRY), context)

    assert (
        item(result, "curriculum").text
        == "«Химия» нет в учебном плане этого года обучения (п. 4.6)"
    )


# Hours for a period --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "subject", "hours", "verdict", "text"),
    [
        pytest.param(Fraction(1, 4), INFORMATICS, 25, "eligible", "25 ч при 25 ч по учебному плану",
                     id="quarter-full"),
        pytest.param(Fraction(1, 4), INFORMATICS, 23, "eligible", "23 ч при 25 ч по учебному плану",
                     id="quarter-8-percent"),
        pytest.param(Fraction(1, 4), INFORMATICS, 22, "council",
                     "22 ч при 25 ч по учебному плану: меньше на 12 %, больше 10 % (п. 5.7)",
                     id="quarter-12-percent"),
        pytest.param(Fraction(1, 2), INFORMATICS, 45, "eligible", "45 ч при 50 ч по учебному плану",
                     id="half-year-10-percent"),
        pytest.param(Fraction(1, 2), INFORMATICS, 44, "council",
                     "44 ч при 50 ч по учебному плану: меньше на 12 %, больше 10 % (п. 5.7)",
                     id="half-year-12-percent"),
        # 34 h × 1/4 = 8,5 h; 7 h is 1,5 h short, 17,6 %.
        pytest.param(Fraction(1, 4), COUNTING, 7, "council",
                     "7 ч при 8,5 ч по учебному плану: меньше на 17,6 %, больше 10 % (п. 5.7)",
                     id="fractional-required"),
        pytest.param(Fraction(1, 4), COUNTING, 8, "eligible", "8 ч при 8,5 ч по учебному плану",
                     id="fractional-required-ok"),
    ],
)  # fmt: skip
def test_check_line_period_share_of_hours(share, subject, hours, verdict, text):
    context = replace(CONTEXT, period_share=share)

    result = check(line(subject, hours=hours), context)

    assert result.verdict == verdict
    assert item(result, "hours").text == text
    assert result.required_hours == HOURS[subject] * share


# Names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "external", "matches"),
    [
        pytest.param(ENGLISH, "Английский язык", False, id="another-name"),
        pytest.param(ENGLISH, "Иностранный язык", False, id="shorter-name"),
        pytest.param(INFORMATICS, "Информатика и ИКТ", False, id="longer-name"),
        pytest.param(INFORMATICS, "Информатика", True, id="same"),
        pytest.param(INFORMATICS, "ИНФОРМАТИКА", True, id="case"),
        pytest.param(INFORMATICS, "  информатика. ", True, id="spaces-and-dot"),
        pytest.param(ENGLISH, "иностранный язык (Английский)", True, id="case-in-brackets"),
        pytest.param(ENGLISH, "Иностранный язык — английский", True, id="dash-for-brackets"),
        pytest.param(ENGLISH, "Иностранный  язык, английский", True, id="comma-double-space"),
        pytest.param(ENGLISH, "Англ. яз.", True, id="short-name"),
        pytest.param(ENGLISH, "англ яз", True, id="short-name-no-dots"),
        pytest.param(COUNTING, "Занимательный счет", True, id="e-for-yo"),
        pytest.param(COUNTING, "«Занимательный счёт»", True, id="quotes"),
        pytest.param(COUNTING, "ЗАНИМАТЕЛЬНЫЙ СЧЁТ", True, id="upper-yo"),
    ],
)
def test_check_line_name_comparison(subject, external, matches):
    result = check(line(subject, name=external))

    assert (item(result, "name").state == OK) is matches
    assert result.verdict == ("eligible" if matches else "council")


@pytest.mark.parametrize("external", ["—", "-", "..."], ids=["dash", "hyphen", "dots"])
def test_check_line_name_of_punctuation_only_goes_to_council(external):
    result = check(line(INFORMATICS, name=external))

    assert item(result, "name").state == ROUTE
    assert result.verdict == "council"


# normalise_result ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale", "text", "expected"),
    [
        (ScaleKind.FIVE_POINT, "5", "5"),
        (ScaleKind.FIVE_POINT, "Отлично", "5"),
        (ScaleKind.FIVE_POINT, "отл.", "5"),
        (ScaleKind.FIVE_POINT, " ХОРОШО ", "4"),
        (ScaleKind.FIVE_POINT, "хор", "4"),
        (ScaleKind.FIVE_POINT, "хор.", "4"),
        (ScaleKind.FIVE_POINT, "3", "3"),
        (ScaleKind.FIVE_POINT, "Удовлетворительно", "3"),
        (ScaleKind.FIVE_POINT, "удовл.", "3"),
        (ScaleKind.FIVE_POINT, "неуд", "2"),
        (ScaleKind.FIVE_POINT, "Неудовлетворительно", "2"),
        (ScaleKind.PASS_FAIL, "зачёт", "зачтено"),
        (ScaleKind.PASS_FAIL, "Зачтено", "зачтено"),
        (ScaleKind.PASS_FAIL, "зач.", "зачтено"),
        (ScaleKind.PASS_FAIL, "Не зачтено", "не зачтено"),
        (ScaleKind.PASS_FAIL, "не  зачтено", "не зачтено"),
        (ScaleKind.PASS_FAIL, "незачёт", "не зачтено"),
        (ScaleKind.PASS_FAIL, "незач", "не зачтено"),
        (ScaleKind.MASTERED, "Освоено", "освоено"),
        (ScaleKind.MASTERED, "осв.", "освоено"),
        (ScaleKind.MASTERED, "осв", "освоено"),
        (ScaleKind.MASTERED, "не освоено", "не освоено"),
        (ScaleKind.MASTERED, "Не осв.", "не освоено"),
        (ScaleKind.LEVELS, "Высокий", "высокий"),
        (ScaleKind.LEVELS, "средний", "средний"),
        (ScaleKind.LEVELS, "НИЗКИЙ", "низкий"),
        (ScaleKind.POINTS, "  87 ", "87"),
        (ScaleKind.POINTS, "087", "87"),
        (ScaleKind.POINTS, "0", "0"),
        (ScaleKind.POINTS, "100", "100"),
        (ScaleKind.POINTS, "87.", "87"),
    ],
)
def test_normalise_result_accepted(scale, text, expected):
    assert checks.normalise_result(scale, text) == expected


FIVE_POINT_HINT = (
    "Для этой системы оценивания укажите отметку от 2 до 5 (или словом: «отлично», «хорошо»…)."
)
PASS_FAIL_HINT = "Для этой системы оценивания укажите «зачтено» или «не зачтено»."
MASTERED_HINT = "Для этой системы оценивания укажите «освоено» или «не освоено»."
LEVELS_HINT = "Для этой системы оценивания укажите уровень: «высокий», «средний» или «низкий»."
POINTS_HINT = "Для этой системы оценивания укажите баллы — целое число от 0 до 100."


@pytest.mark.parametrize(
    ("scale", "text", "message"),
    [
        (ScaleKind.FIVE_POINT, "6", FIVE_POINT_HINT),
        (ScaleKind.FIVE_POINT, "7", FIVE_POINT_HINT),
        (ScaleKind.FIVE_POINT, "1", FIVE_POINT_HINT),
        (ScaleKind.FIVE_POINT, "5+", FIVE_POINT_HINT),
        (ScaleKind.FIVE_POINT, "зачтено", FIVE_POINT_HINT),
        (ScaleKind.FIVE_POINT, "", FIVE_POINT_HINT),
        (ScaleKind.PASS_FAIL, "5", PASS_FAIL_HINT),
        (ScaleKind.PASS_FAIL, "освоено", PASS_FAIL_HINT),
        (ScaleKind.MASTERED, "зачтено", MASTERED_HINT),
        (ScaleKind.LEVELS, "высокий уровень", LEVELS_HINT),
        (ScaleKind.LEVELS, "5", LEVELS_HINT),
        (ScaleKind.LEVELS, "хороший", LEVELS_HINT),
        (ScaleKind.POINTS, "101", POINTS_HINT),
        (ScaleKind.POINTS, "-1", POINTS_HINT),
        (ScaleKind.POINTS, "87,5", POINTS_HINT),
        (ScaleKind.POINTS, "8.5", POINTS_HINT),
        (ScaleKind.POINTS, "отлично", POINTS_HINT),
        (ScaleKind.POINTS, "отл", POINTS_HINT),
        (ScaleKind.POINTS, "", POINTS_HINT),
        ("unknown", "5", "Для этой системы оценивания укажите результат."),
    ],
)
def test_normalise_result_refused(scale, text, message):
    with pytest.raises(ValidationError) as error:
        checks.normalise_result(scale, text)
    assert error.value.messages == [message]


@pytest.mark.parametrize("text", ["²", "8²"], ids=["squared", "eight-squared"])
def test_normalise_result_superscript_digits_refused(text):
    with pytest.raises(ValidationError) as error:
        checks.normalise_result(ScaleKind.POINTS, text)
    assert error.value.messages == [POINTS_HINT]


# The context read from the database ----------------------------------------------------------


@pytest.mark.django_db
def test_state_exam_choice_recorded_on_learner_makes_line_ineligible(school):
    application = make_application(school, ["Информатика", "Физическая культура"])
    StateExamChoice.objects.create(
        learner=school.learner, subject=school.subjects["Информатика"], year=school.year
    )
    verdicts = [
        (line.subject.name, check.verdict) for line, check in lines_with_checks(application)
    ]
    assert verdicts == [("Информатика", "ineligible"), ("Физическая культура", "council")]
