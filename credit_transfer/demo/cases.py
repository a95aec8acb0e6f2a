"""The demo school's credit-transfer applications: one in each state a newcomer should
see, each with the steps that bring it there and how many working days ago."""

from dataclasses import dataclass, field

from credit_transfer.models import Ground
from learners.models import ScaleKind

PASSPORT_OFFICES = [
    "ГУ МВД России по Воронежской области",
    "Отделом УФМС России по Воронежской области в Центральном районе г. Воронежа",
    "ОВД Левобережного района г. Воронежа",
]


@dataclass
class Case:
    group: str
    other_name: str
    other_address: str
    programme: str
    area: str
    lines: list[dict]
    ground: str = Ground.ELSEWHERE
    period: str = "year"  # "year" or "current"
    submitted_days_ago: int = 3
    steps: list[tuple] = field(default_factory=list)


CASES = {
    # The demo family: the son in 7А, English at a language school (levels scale,
    # another course name): the English teacher of 7А must convert the mark.
    "with_teacher": Case(
        group="7А",
        other_name="ЧУ ДО «Лингва-центр»",
        other_address="394018, г. Воронеж, ул. Плехановская, д. 22",
        programme="Дополнительная общеразвивающая программа «Английский язык. Уровень A2»",
        area="Иностранные языки",
        lines=[
            {
                "subject": "Иностранный язык (английский)",
                "external_name": "Английский язык",
                "external_scale": ScaleKind.LEVELS,
                "external_result": "высокий",
                "external_hours": 100,
            }
        ],
        submitted_days_ago=4,
        steps=[("review", 3), ("to_teacher", 3)],
    ),
    "submitted": Case(
        group="8Б",
        other_name="ГБУ ДО «IT-куб»",
        other_address="394000, г. Воронеж, пр-т Революции, д. 1",
        programme="Дополнительная общеразвивающая программа «Основы алгоритмизации»",
        area="Математика и информатика",
        lines=[
            {
                "subject": "Информатика",
                "external_name": "Информатика",
                "external_scale": ScaleKind.FIVE_POINT,
                "external_result": "5",
                "external_hours": 34,
            }
        ],
        submitted_days_ago=1,
    ),
    "documents": Case(
        group="5А",
        other_name="ООО «Британский языковой центр»",
        other_address="394030, г. Воронеж, ул. Кольцовская, д. 35",
        programme="Курс «Английский для школьников»",
        area="Иностранные языки",
        lines=[
            {
                "subject": "Иностранный язык (английский)",
                "external_name": "Иностранный язык (английский)",
                "external_scale": ScaleKind.PASS_FAIL,
                "external_result": "зачтено",
                "external_hours": 96,
            }
        ],
        submitted_days_ago=6,
        steps=[("review", 5), ("request_documents", 5)],
    ),
    # The council met over a week ago and nobody has told the family yet.
    "overdue": Case(
        group="9Б",
        other_name="ГБУ ДО «IT-куб»",
        other_address="394000, г. Воронеж, пр-т Революции, д. 1",
        programme="Дополнительная общеразвивающая программа «Программирование на Python»",
        area="Математика и информатика",
        lines=[
            {
                "subject": "Информатика",
                "external_name": "Программирование на Python",
                "external_scale": ScaleKind.FIVE_POINT,
                "external_result": "5",
                "external_hours": 36,
            }
        ],
        submitted_days_ago=16,
        steps=[("review", 14), ("to_council", 13), ("council", 8)],
    ),
    "refused": Case(
        group="9А",
        other_name="АНО ДО «Математическая вертикаль»",
        other_address="394006, г. Воронеж, ул. 20-летия Октября, д. 84",
        programme="Дополнительная общеразвивающая программа «Олимпиадная алгебра»",
        area="Математика и информатика",
        lines=[
            {
                "subject": "Алгебра",
                "external_name": "Алгебра",
                "external_scale": ScaleKind.FIVE_POINT,
                "external_result": "5",
                "external_hours": 102,
            }
        ],
        submitted_days_ago=9,
        steps=[("review", 8), ("decide", 6)],
    ),
    # A sports school: credited for the current period, exempt from PE by order.
    "approved": Case(
        group="6А",
        other_name="МБУ ДО «Спортивная школа олимпийского резерва № 3»",
        other_address="394026, г. Воронеж, ул. Студенческая, д. 17",
        programme="Дополнительная образовательная программа спортивной подготовки по плаванию",
        area="Физическая культура",
        lines=[
            {
                "subject": "Физическая культура",
                "external_name": "Физическая культура",
                "external_scale": ScaleKind.FIVE_POINT,
                "external_result": "5",
                "external_hours": 24,
            }
        ],
        ground=Ground.ELSEWHERE,
        period="current",
        submitted_days_ago=14,
        steps=[("review", 13), ("decide", 10), ("order", 7)],
    ),
}
