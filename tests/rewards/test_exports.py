"""The printed documents of rewards (rewards.exports): each form of certificate and
the director's order, read back from the PDF and validated as PDF/A-2b."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pikepdf import pdfa

from learners.models import Enrollment, Kinship, Learner, Organisation, Sex
from rewards.exports import TITLES, certificate_pdf, greeting, order_pdf, order_rows
from rewards.models import Ground, Origin, RewardOrder, RewardStatus
from tests.common.test_pdf import text_of
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    GuardianFactory,
    GuardianshipFactory,
    StudyGroupFactory,
)
from tests.rewards.factories import RewardFactory, RewardOrderFactory, kind

MERIT = "За победу в муниципальном этапе олимпиады по математике"
DIRECTOR = "Директор / Иванова Мария Петровна /"
CLASS_TEACHER = "Классный руководитель / Петрова Анна Сергеевна /"
ORGANISATION = "Муниципальное автономное общеобразовательное учреждение «Лицей № 1»"


def _granted(school, code="certificate", *, learner=None, year=None, **fields):
    # Several certificates of one test come from the one order.
    order = RewardOrder.objects.filter(number="101-о").first() or RewardOrderFactory(
        number="101-о", date=date(2026, 10, 30)
    )
    return RewardFactory(
        learner=learner or school.learner,
        kind=kind(code),
        year=year or school.year,
        status=RewardStatus.APPROVED,
        order=order,
        approved_on=order.date,
        merit=MERIT,
        **fields,
    )


def _pdf(reward) -> bytes:
    return certificate_pdf(reward=reward, organisation=Organisation.objects.get())


def _male(learner) -> Learner:
    Learner.objects.filter(pk=learner.pk).update(sex=Sex.MALE)
    learner.refresh_from_db()
    return learner


def _valid(content: bytes) -> bool:
    report = pdfa.validate_written(io.BytesIO(content), "2b")
    return (report.verdict, report.findings) == ("pass", [])


# Per kind: the headline and the words only that form prints.
LAYOUTS = [
    ("certificate", "ГРАМОТА награждается Антонова Мария Ивановна обучающаяся 5А класса"),
    (
        "gratitude",
        "БЛАГОДАРНОСТЬ Настоящей благодарностью отмечается Антонова Мария Ивановна "
        "обучающаяся 5А класса",
    ),
    (
        "excellence_sheet",
        "ПОХВАЛЬНЫЙ ЛИСТ «За отличные успехи в учении» награждается Антонова Мария Ивановна "
        "обучающаяся 5А класса, по итогам 2026/2027 учебного года",
    ),
    ("diploma", "ДИПЛОМ награждается Антонова Мария Ивановна обучающаяся 5А класса"),
    (
        "parents_letter",
        "БЛАГОДАРСТВЕННОЕ ПИСЬМО Уважаемая Елена Павловна! Администрация МАОУ «Лицей № 1» "
        "выражает Вам искреннюю благодарность за воспитание дочери. Ваша дочь — Антонова "
        "Мария Ивановна, обучающаяся 5А класса.",
    ),
    (
        "prize",
        "ВЫПИСКА ИЗ ПРИКАЗА от 30.10.2026 № 101-о О поощрении обучающихся ПРИКАЗЫВАЮ: "
        "Поощрить Антонову Марию Ивановну, обучающуюся 5А класса. Вид поощрения: Премия.",
    ),
]


@pytest.mark.parametrize(("code", "words"), LAYOUTS)
def test_certificate_pdf_layout_prints_its_form(school, code, words):
    reward = _granted(school, code)

    content = _pdf(reward)
    text = text_of(content)

    assert words in text
    assert ORGANISATION in text
    assert "ИНН 7701234567, КПП 770101001, ОГРН 1027700000001" in text
    assert MERIT in text
    assert "Успехи в учебной деятельности" in text
    assert DIRECTOR in text
    assert CLASS_TEACHER in text
    assert _valid(content)


@pytest.mark.parametrize("code", ["certificate", "gratitude", "excellence_sheet", "diploma"])
def test_certificate_pdf_kind_and_order_reference_in_details(school, code):
    reward = _granted(school, code)

    text = text_of(_pdf(reward))

    assert f"Вид поощрения: {reward.kind.name} " in text
    assert "Основание: Успехи в учебной деятельности Приказ от 30.10.2026 № 101-о" in text


def test_certificate_pdf_each_layout_prints_only_its_headline(school):
    printed = {}
    for code in ("certificate", "gratitude", "excellence_sheet", "diploma", "parents_letter"):
        text = text_of(_pdf(_granted(school, code)))
        printed[code] = [title for title in TITLES.values() if title in text]

    assert printed == {
        "certificate": ["ГРАМОТА"],
        "gratitude": ["БЛАГОДАРНОСТЬ"],
        "excellence_sheet": ["ПОХВАЛЬНЫЙ ЛИСТ"],
        "diploma": ["ДИПЛОМ"],
        "parents_letter": ["БЛАГОДАРСТВЕННОЕ ПИСЬМО"],
    }


def test_certificate_pdf_subject_certificate_names_subject(school):
    reward = _granted(school, "subject_certificate", subject=school.maths)

    text = text_of(_pdf(reward))

    assert "ГРАМОТА награждается Антонова Мария Ивановна обучающаяся 5А класса" in text
    assert "по учебному предмету «Математика»" in text
    assert (
        "Вид поощрения: Похвальная грамота «За особые успехи в изучении отдельных предметов»; "
        "учебный предмет: Математика"
    ) in text


def test_certificate_pdf_external_reward_names_where_received(school):
    reward = RewardFactory(
        learner=school.learner,
        kind=kind("diploma"),
        year=school.year,
        ground=Ground.CREATIVE,
        merit="Лауреат городского конкурса чтецов",
        status=RewardStatus.RECORDED,
        origin=Origin.EXTERNAL,
        source_organisation="МБОУ «Школа № 7»",
        awarded_on=date(2026, 5, 20),
    )

    content = _pdf(reward)
    text = text_of(content)

    assert "Получено в МБОУ «Школа № 7», 20.05.2026" in text
    assert "Лауреат городского конкурса чтецов" in text
    assert "Основание: Успехи в творческой деятельности" in text
    assert "Приказ от" not in text
    assert _valid(content)


def test_certificate_pdf_letter_without_guardians_addresses_parents_of_son(school):
    classmate = _male(school.classmate)
    reward = _granted(school, "parents_letter", learner=classmate)

    text = text_of(_pdf(reward))

    assert "Уважаемые родители!" in text
    assert "за воспитание сына. Ваш сын — Борисов Глеб Олегович, обучающийся 5А класса." in text


def test_certificate_pdf_prize_notice_declines_a_boys_name(school):
    classmate = _male(school.classmate)
    reward = _granted(school, "prize", learner=classmate)

    text = text_of(_pdf(reward))

    assert "ПРИКАЗЫВАЮ: Поощрить Борисова Глеба Олеговича, обучающегося 5А класса." in text


def test_certificate_pdf_names_class_of_rewards_year_not_todays(school):
    next_year = AcademicYearFactory(
        name="2027/2028", starts_on=date(2027, 9, 1), ends_on=date(2028, 8, 31)
    )
    sixth = StudyGroupFactory(year=next_year, name="6А", grade=6, programme=school.group.programme)
    Enrollment.objects.filter(learner=school.learner).update(ended_on=date(2027, 8, 31))
    EnrollmentFactory(learner=school.learner, group=sixth, started_on=date(2027, 9, 1))
    reward = _granted(school)
    later = _granted(school, "gratitude", year=next_year)

    assert "Антонова Мария Ивановна обучающаяся 5А класса" in text_of(_pdf(reward))
    assert "Антонова Мария Ивановна обучающаяся 6А класса" in text_of(_pdf(later))


def test_certificate_pdf_issued_reward_printable(school):
    reward = _granted(school)
    reward.status = RewardStatus.ISSUED
    reward.issued_on = date(2026, 11, 2)
    reward.save()

    assert "Антонова Мария Ивановна" in text_of(_pdf(reward))


@pytest.mark.parametrize(
    "status", [RewardStatus.NOMINATED, RewardStatus.DECLINED, RewardStatus.REQUESTED]
)
def test_certificate_pdf_not_granted_refused(school, status):
    reward = RewardFactory(learner=school.learner, year=school.year, status=status)

    with pytest.raises(ValueError, match="granted"):
        _pdf(reward)


def test_greeting_two_guardians_mother_first(school):
    father = GuardianFactory(last_name="Антонов", first_name="Иван", patronymic="Сергеевич")
    GuardianshipFactory(learner=school.learner, guardian=father, kinship=Kinship.FATHER)

    assert greeting(school.learner.guardianships.select_related("guardian")) == (
        "Уважаемые Елена Павловна и Иван Сергеевич!"
    )


def test_greeting_one_trustee_by_patronymic(school):
    learner = school.classmate
    trustee = GuardianFactory(last_name="Орлов", first_name="Пётр", patronymic="Ильич")
    GuardianshipFactory(learner=learner, guardian=trustee, kinship=Kinship.TRUSTEE)

    assert greeting(learner.guardianships.select_related("guardian")) == "Уважаемый Пётр Ильич!"


@pytest.mark.parametrize(
    ("first_name", "expected"),
    [("Анна", "Уважаемая Орлова Анна!"), ("Пётр", "Уважаемый Орлов Пётр!")],
)
def test_greeting_other_guardian_without_patronymic_by_first_name(school, first_name, expected):
    last_name = "Орлова" if first_name == "Анна" else "Орлов"
    guardian = GuardianFactory(last_name=last_name, first_name=first_name, patronymic="")
    GuardianshipFactory(learner=school.classmate, guardian=guardian, kinship=Kinship.OTHER)

    assert greeting(school.classmate.guardianships.select_related("guardian")) == expected


# --- the order ---------------------------------------------------------------------------


def _order_with(school, learners, *, number="101-о"):
    order = RewardOrderFactory(number=number, date=date(2026, 10, 30))
    for learner in learners:
        RewardFactory(
            learner=learner,
            kind=kind("certificate"),
            year=school.year,
            status=RewardStatus.APPROVED,
            order=order,
            approved_on=order.date,
            merit=f"Олимпиада: {learner.last_name}",
        )
    return order


def test_order_rows_sorted_by_class_then_name(school):
    order = _order_with(school, [school.other_learner, school.classmate, school.learner])

    rows = order_rows(order)

    assert [(r.number, r.class_label, r.awardee.name) for r in rows] == [
        (1, "5А", "Антонова Мария Ивановна"),
        (2, "5А", "Борисов Глеб Олегович"),
        (3, "5Б", "Васильев Олег Петрович"),
    ]


def test_order_pdf_preamble_table_and_signature(school):
    order = _order_with(school, [school.other_learner, school.learner])
    subject = RewardFactory(
        learner=school.classmate,
        kind=kind("subject_certificate"),
        subject=school.maths,
        ground=Ground.SCIENTIFIC,
        year=school.year,
        status=RewardStatus.APPROVED,
        order=order,
        merit="Призёр регионального этапа",
    )

    content = order_pdf(order=order, organisation=Organisation.objects.get())
    text = text_of(content)

    assert ORGANISATION in text
    assert "ПРИКАЗ 30.10.2026 № 101-о О поощрении обучающихся" in text
    assert "На основании положения о поощрениях обучающихся МАОУ «Лицей № 1»" in text
    assert "ПРИКАЗЫВАЮ: 1. Наградить (поощрить) обучающихся согласно списку:" in text
    assert "№ Обучающийся Класс Вид поощрения Предмет За что Основание" in text
    first = text.index("1 Антонова Мария Ивановна 5А Грамота Олимпиада: Антонова")
    second = text.index(f"2 Борисов Глеб Олегович 5А {subject.kind.name} Математика")
    third = text.index("3 Васильев Олег Петрович 5Б Грамота Олимпиада: Васильев")
    assert first < second < third
    assert "Призёр регионального этапа Успехи в научной деятельности" in text
    assert "Директор / Иванова Мария Петровна /" in text
    assert _valid(content)


def test_order_pdf_queries_same_for_one_and_five_rewards(school):
    small = _order_with(school, [school.learner], number="1-о")
    others = [school.build.learner(school.other_group, f"Ученик{n}", "Иван") for n in range(2)]
    large = _order_with(
        school, [school.learner, school.classmate, school.other_learner, *others], number="2-о"
    )
    organisation = Organisation.objects.get()

    def count(order):
        with CaptureQueriesContext(connection) as queries:
            order_pdf(order=order, organisation=organisation)
        return len(queries)

    assert large.rewards.count() == 5
    assert count(small) == count(large) == 2
