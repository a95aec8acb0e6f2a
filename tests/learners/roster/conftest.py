import io
from dataclasses import dataclass

import pytest
from django.utils import timezone

from learners.models import Role, StudyGroup
from learners.roster.columns import COLUMNS, SHEET
from tests.factories import ProgrammeFactory
from tests.schools import SchoolBuilder

HEADER = [c.title for c in COLUMNS]


def xlsx(rows: list[dict], *, header=HEADER, title: str = SHEET) -> bytes:
    """A roster file as a person would save it from Excel: ``rows`` by column key."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(header)
    keys = [c.key for c in COLUMNS]
    for row in rows:
        sheet.append([row.get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def learner_row(n: int = 1, **fields) -> dict:
    row = {
        "number": f"ЛД-{n:04d}",
        "last_name": "Соколов",
        "first_name": f"Михаил{n}",
        "patronymic": "Андреевич",
        "birth_date": "12.04.2015",
        "sex": "М",
        "group": "5А",
        "p1_last_name": "Соколова",
        "p1_first_name": f"Елена{n}",
        "p1_patronymic": "Павловна",
        "p1_kinship": "мать",
        "p1_email": f"sokolova{n}@example.org",
        "p1_phone": "+7 900 000-00-01",
    }
    row.update(fields)
    return row


@dataclass
class School:
    builder: SchoolBuilder
    a: StudyGroup
    b: StudyGroup
    deputy: object


@pytest.fixture
def school(db):
    builder = SchoolBuilder(today=timezone.localdate())
    programme = ProgrammeFactory()
    a = builder.group("5А", programme=programme)
    b = builder.group("5Б", programme=programme)
    deputy = builder.user(Role.DEPUTY, username="zavuch")
    return School(builder=builder, a=a, b=b, deputy=deputy)
