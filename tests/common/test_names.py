"""Names declined by case and sex (common/names.py), every form written out by hand."""

import pytest
from django.template import Context, Template

from common.names import CASES, by_sex, decline, decline_initials, person_sex
from learners.models import Kinship, Learner, Sex, Staff
from tests.factories import GuardianFactory, GuardianshipFactory

SIX = ("nominative", "genitive", "dative", "accusative", "instrumental", "prepositional")

ALL_CASES = [
    (
        "Титов Михаил Андреевич",
        "Титов Михаил Андреевич",
        "Титова Михаила Андреевича",
        "Титову Михаилу Андреевичу",
        "Титова Михаила Андреевича",
        "Титовым Михаилом Андреевичем",
        "Титове Михаиле Андреевиче",
    ),
    (
        "Титова Татьяна Алексеевна",
        "Титова Татьяна Алексеевна",
        "Титовой Татьяны Алексеевны",
        "Титовой Татьяне Алексеевне",
        "Титову Татьяну Алексеевну",
        "Титовой Татьяной Алексеевной",
        "Титовой Татьяне Алексеевне",
    ),
    (
        "Вронский Пётр Ильич",
        "Вронский Пётр Ильич",
        "Вронского Петра Ильича",
        "Вронскому Петру Ильичу",
        "Вронского Петра Ильича",
        "Вронским Петром Ильичом",
        "Вронском Петре Ильиче",
    ),
    (
        "Вронская Алёна Фёдоровна",
        "Вронская Алёна Фёдоровна",
        "Вронской Алёны Фёдоровны",
        "Вронской Алёне Фёдоровне",
        "Вронскую Алёну Фёдоровну",
        "Вронской Алёной Фёдоровной",
        "Вронской Алёне Фёдоровне",
    ),
    (
        "Шевчук Иван Сергеевич",
        "Шевчук Иван Сергеевич",
        "Шевчука Ивана Сергеевича",
        "Шевчуку Ивану Сергеевичу",
        "Шевчука Ивана Сергеевича",
        "Шевчуком Иваном Сергеевичем",
        "Шевчуке Иване Сергеевиче",
    ),
    (
        "Шевчук Ольга Сергеевна",
        "Шевчук Ольга Сергеевна",
        "Шевчук Ольги Сергеевны",
        "Шевчук Ольге Сергеевне",
        "Шевчук Ольгу Сергеевну",
        "Шевчук Ольгой Сергеевной",
        "Шевчук Ольге Сергеевне",
    ),
    (
        "Толстой Никита Фомич",
        "Толстой Никита Фомич",
        "Толстого Никиты Фомича",
        "Толстому Никите Фомичу",
        "Толстого Никиту Фомича",
        "Толстым Никитой Фомичом",
        "Толстом Никите Фомиче",
    ),
    (
        "Римская-Корсакова Любовь Ильинична",
        "Римская-Корсакова Любовь Ильинична",
        "Римской-Корсаковой Любови Ильиничны",
        "Римской-Корсаковой Любови Ильиничне",
        "Римскую-Корсакову Любовь Ильиничну",
        "Римской-Корсаковой Любовью Ильиничной",
        "Римской-Корсаковой Любови Ильиничне",
    ),
]

SOME_CASES = [
    # -ев, -ин / -ина
    ("Сергеев Алексей Павлович", "genitive", "Сергеева Алексея Павловича"),
    ("Сергеев Алексей Павлович", "dative", "Сергееву Алексею Павловичу"),
    ("Сергеева Мария Никитична", "accusative", "Сергееву Марию Никитичну"),
    ("Пушкин Лев Кузьмич", "genitive", "Пушкина Льва Кузьмича"),
    ("Пушкин Лев Кузьмич", "instrumental", "Пушкиным Львом Кузьмичом"),
    ("Пушкина Мария Никитична", "genitive", "Пушкиной Марии Никитичны"),
    ("Пушкина Мария Никитична", "dative", "Пушкиной Марии Никитичне"),
    ("Пушкина Мария Никитична", "accusative", "Пушкину Марию Никитичну"),
    # -ой / -ая
    ("Толстая Любовь Ильинична", "genitive", "Толстой Любови Ильиничны"),
    ("Толстая Любовь Ильинична", "accusative", "Толстую Любовь Ильиничну"),
    # indeclinable surnames
    ("Дюма Александр Александрович", "genitive", "Дюма Александра Александровича"),
    ("Дюма Александр Александрович", "dative", "Дюма Александру Александровичу"),
    ("Гюго Виктор", "dative", "Гюго Виктору"),
    ("Гюго Виктор", "accusative", "Гюго Виктора"),
    ("Черных Елена Ивановна", "genitive", "Черных Елены Ивановны"),
    ("Черных Елена Ивановна", "accusative", "Черных Елену Ивановну"),
    ("Черных Олег Игоревич", "dative", "Черных Олегу Игоревичу"),
    ("Седых Олег Игоревич", "genitive", "Седых Олега Игоревича"),
    ("Седых Олег Игоревич", "instrumental", "Седых Олегом Игоревичем"),
    ("Живаго Юрий Андреевич", "dative", "Живаго Юрию Андреевичу"),
    ("Живаго Юрий Андреевич", "prepositional", "Живаго Юрии Андреевиче"),
    # double surnames
    ("Римский-Корсаков Николай Андреевич", "genitive", "Римского-Корсакова Николая Андреевича"),
    ("Римский-Корсаков Николай Андреевич", "dative", "Римскому-Корсакову Николаю Андреевичу"),
    (
        "Римский-Корсаков Николай Андреевич",
        "instrumental",
        "Римским-Корсаковым Николаем Андреевичем",
    ),
    ("Петрова-Водкина Анна Кузьминична", "genitive", "Петровой-Водкиной Анны Кузьминичны"),
    ("Петрова-Водкина Анна Кузьминична", "dative", "Петровой-Водкиной Анне Кузьминичне"),
    ("Петрова-Водкина Анна Кузьминична", "accusative", "Петрову-Водкину Анну Кузьминичну"),
    # -оглы / -кызы: the patronymic stays, the rest declines by the sex it tells
    ("Алиев Гейдар Мамед оглы", "genitive", "Алиева Гейдара Мамед оглы"),
    ("Алиев Гейдар Мамед оглы", "dative", "Алиеву Гейдару Мамед оглы"),
    ("Алиев Гейдар Мамед оглы", "instrumental", "Алиевым Гейдаром Мамед оглы"),
    ("Мамедов Эльдар Мамед-оглы", "dative", "Мамедову Эльдару Мамед-оглы"),
    ("Алиева Арзу Лутфияр кызы", "genitive", "Алиевой Арзу Лутфияр кызы"),
    ("Алиева Арзу Лутфияр кызы", "accusative", "Алиеву Арзу Лутфияр кызы"),
    ("Алиева Арзу Лутфияр-кызы", "dative", "Алиевой Арзу Лутфияр-кызы"),
    # no patronymic: the sex from the first name
    ("Кузьмин Артём", "genitive", "Кузьмина Артёма"),
    ("Кузьмин Артём", "dative", "Кузьмину Артёму"),
    ("Кузьмина Ирина", "genitive", "Кузьминой Ирины"),
    ("Кузьмина Ирина", "accusative", "Кузьмину Ирину"),
    ("Шевчук Анна", "dative", "Шевчук Анне"),
    ("Шевчук Иван", "dative", "Шевчуку Ивану"),
    # Ё kept where it stays, Пётр → Петра where it goes
    ("Фёдоров Семён Петрович", "dative", "Фёдорову Семёну Петровичу"),
    ("Ёлкина Алёна Семёновна", "genitive", "Ёлкиной Алёны Семёновны"),
    ("Ёлкина Алёна Семёновна", "accusative", "Ёлкину Алёну Семёновну"),
    ("Ёлкин Пётр Артёмович", "instrumental", "Ёлкиным Петром Артёмовичем"),
    # exception: -ец after two consonants keeps its vowel (pytrovich: «Кузнца»)
    ("Кузнец Пётр Ильич", "genitive", "Кузнеца Петра Ильича"),
    ("Кузнец Пётр Ильич", "instrumental", "Кузнецом Петром Ильичом"),
    ("Кузнец Анна Ильинична", "genitive", "Кузнец Анны Ильиничны"),
    ("Кузнец-Сидоров Олег Павлович", "dative", "Кузнецу-Сидорову Олегу Павловичу"),
    ("Кравец Олег Павлович", "genitive", "Кравца Олега Павловича"),
    # initials and spacing left as written
    ("Титов М. А.", "dative", "Титову М. А."),
    ("  Титов   Михаил  ", "genitive", "Титова Михаила"),
    ("Титов", "dative", "Титову"),
]


@pytest.mark.parametrize("row", ALL_CASES, ids=[row[0] for row in ALL_CASES])
def test_decline_all_six_cases(row):
    name, *forms = row
    assert [decline(name, case) for case in SIX] == forms


@pytest.mark.parametrize(("name", "case", "expected"), SOME_CASES)
def test_decline_by_type(name, case, expected):
    assert decline(name, case) == expected


@pytest.mark.parametrize(
    ("name", "case", "expected"),
    [
        ("Титов Михаил Андреевич", "dative", "Титову М. А."),
        ("Титова Татьяна Алексеевна", "genitive", "Титовой Т. А."),
        ("Кузьмина Ирина", "instrumental", "Кузьминой И."),
        ("Алиев Гейдар Мамед оглы", "dative", "Алиеву Г. М."),
        ("Ёлкин Пётр Артёмович", "nominative", "Ёлкин П. А."),
    ],
)
def test_decline_initials(name, case, expected):
    assert decline_initials(name, case) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Титов Михаил Андреевич", Sex.MALE),
        ("Титова Татьяна Алексеевна", Sex.FEMALE),
        ("Алиев Гейдар Мамед оглы", Sex.MALE),
        ("Алиева Арзу Лутфияр кызы", Sex.FEMALE),
        ("Кузьмина Ирина", Sex.FEMALE),
        ("Кузьмин Артём", Sex.MALE),
        ("Седых Саша", ""),
        ("", ""),
    ],
)
def test_person_sex_from_text(name, expected):
    assert person_sex(name) == expected


def test_decline_learner_by_recorded_sex():
    girl = Learner(last_name="Шевчук", first_name="Саша", patronymic="", sex=Sex.FEMALE)
    boy = Learner(last_name="Шевчук", first_name="Саша", patronymic="", sex=Sex.MALE)

    assert [decline(girl, case) for case in ("genitive", "dative", "instrumental")] == [
        "Шевчук Саши",
        "Шевчук Саше",
        "Шевчук Сашей",
    ]
    assert [decline(boy, case) for case in ("genitive", "dative", "instrumental")] == [
        "Шевчука Саши",
        "Шевчуку Саше",
        "Шевчуком Сашей",
    ]


def test_decline_staff_by_patronymic():
    teacher = Staff(last_name="Петрова", first_name="Анна", patronymic="Сергеевна")

    assert decline(teacher, "dative") == "Петровой Анне Сергеевне"
    assert decline_initials(teacher, "dative") == "Петровой А. С."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kinship", "expected"),
    [(Kinship.MOTHER, "Шевчук Жени"), (Kinship.FATHER, "Шевчука Жени")],
)
def test_decline_guardian_without_patronymic_by_kinship(kinship, expected):
    guardian = GuardianFactory(last_name="Шевчук", first_name="Женя", patronymic="")
    GuardianshipFactory(guardian=guardian, kinship=kinship)

    assert decline(guardian, "genitive") == expected


@pytest.mark.django_db
def test_decline_guardian_patronymic_outweighs_kinship():
    guardian = GuardianFactory(last_name="Шевчук", first_name="Женя", patronymic="Олегович")
    GuardianshipFactory(guardian=guardian, kinship=Kinship.MOTHER)

    assert decline(guardian, "dative") == "Шевчуку Жене Олеговичу"


def test_decline_sex_argument_outweighs_the_name():
    assert decline("Шевчук Саша", "genitive", sex=Sex.FEMALE) == "Шевчук Саши"
    assert decline("Шевчук Саша", "genitive", sex=Sex.MALE) == "Шевчука Саши"


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_decline_nothing_gives_empty(empty):
    assert (decline(empty, "dative"), decline_initials(empty, "dative")) == ("", "")


def test_decline_unknown_case_refused():
    with pytest.raises(ValueError, match="Unknown case 'dativ'"):
        decline("Титов Михаил", "dativ")
    assert set(CASES) == set(SIX)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Титов Михаил Андреевич", "сыну"),
        ("Титова Татьяна Алексеевна", "дочери"),
        ("Седых Саша", "ребёнку"),
    ],
)
def test_by_sex(name, expected):
    assert by_sex(name, "сыну", "дочери", "ребёнку") == expected


def test_filters_in_a_template():
    template = Template(
        '{% load names %}Зачесть {{ learner|case:"dative" }}; освободить '
        '{{ learner|case:"accusative" }}; {{ teacher|case_initials:"dative" }}; '
        '{{ learner|by_sex:"обучающегося,обучающуюся" }}; {{ nobody|case:"dative" }}; '
        '{{ child|by_sex:"сыну,дочери,ребёнку" }}.'
    )
    learner = Learner(last_name="Титова", first_name="Татьяна", patronymic="Алексеевна", sex="f")
    teacher = Staff(last_name="Кузнец", first_name="Пётр", patronymic="Ильич")

    rendered = template.render(
        Context({"learner": learner, "teacher": teacher, "nobody": None, "child": "Седых Саша"})
    )

    assert rendered == (
        "Зачесть Титовой Татьяне Алексеевне; освободить Титову Татьяну Алексеевну; "
        "Кузнецу П. И.; обучающуюся; ; ребёнку."
    )
