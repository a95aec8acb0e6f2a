"""The portfolio's school (5А of class teacher Петрова with Антонова and Борисов; 5Б of
Смирнова with Васильев; the deputy), with a director."""

from datetime import date
from functools import cached_property

import pytest

from achievements.models import AchievementLevel, AchievementResult
from learners.models import Role
from tests.achievements.portfolio.conftest import School
from tests.achievements.portfolio.factories import category


class EventSchool(School):
    @cached_property
    def director(self):
        return self._build.official(Role.DIRECTOR, username="direktor")

    def actor(self, kind: str):
        if kind == "teacher":
            return self.subject_teacher
        return super().actor(kind)


@pytest.fixture
def school(db) -> EventSchool:
    return EventSchool()


def event_fields(**overrides) -> dict:
    """What the event form hands to the services."""
    return {
        "title": "Муниципальный этап ВсОШ по математике",
        "category": category("olympiad"),
        "level": AchievementLevel.MUNICIPAL,
        "starts_on": date(2026, 11, 10),
        "ends_on": date(2026, 11, 12),
        "organiser": "Управление образования",
        "subject_area": "Математика",
        "description": "",
        **overrides,
    }


WINNER, PRIZE, PART = (
    AchievementResult.WINNER,
    AchievementResult.PRIZE_WINNER,
    AchievementResult.PARTICIPANT,
)
