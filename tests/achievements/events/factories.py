"""factory-boy factories for the register of events: rows made directly, for pages
and query counts; the rules are tested through the services."""

from datetime import date

import factory

from achievements.models import AchievementLevel, AchievementResult, Event, EventParticipant
from learners.models import Role
from tests.achievements.portfolio.factories import AchievementFactory, category
from tests.factories import LearnerFactory, UserFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Конкурс чтецов № {n}")
    category = factory.LazyFunction(lambda: category("contest"))
    level = AchievementLevel.SCHOOL
    starts_on = date(2026, 10, 20)
    ends_on = factory.SelfAttribute("starts_on")
    organiser = "МАОУ «Лицей № 1»"
    created_by = factory.SubFactory(UserFactory, roles=[Role.DEPUTY])


class EventParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventParticipant

    event = factory.SubFactory(EventFactory)
    learner = factory.SubFactory(LearnerFactory)
    result = AchievementResult.PARTICIPANT
    achievement = factory.SubFactory(
        AchievementFactory,
        learner=factory.SelfAttribute("..learner"),
        title=factory.SelfAttribute("..event.title"),
        category=factory.SelfAttribute("..event.category"),
        level=factory.SelfAttribute("..event.level"),
        date=factory.SelfAttribute("..event.ends_on"),
        result=factory.SelfAttribute("..result"),
        created_by=factory.SelfAttribute("..event.created_by"),
    )
