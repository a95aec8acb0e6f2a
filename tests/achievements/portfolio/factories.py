"""factory-boy factories for the portfolio. Categories are the ones seeded by migration
achievements/0004 (looked up by code, never created here)."""

import hashlib
from datetime import date

import factory

from achievements.models import (
    Achievement,
    AchievementCategory,
    AchievementLevel,
    AchievementResult,
    AchievementStatus,
    Evidence,
)
from achievements.portfolio import services
from learners.models import Role
from tests.achievements.portfolio.files import pdf_bytes, pdf_upload
from tests.factories import LearnerFactory, UserFactory

EVIDENCE_PDF = pdf_bytes()


def category(code: str = "olympiad") -> AchievementCategory:
    return AchievementCategory.objects.get(code=code)


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement

    learner = factory.SubFactory(LearnerFactory)
    category = factory.LazyFunction(category)
    title = factory.Sequence(lambda n: f"Олимпиада по математике № {n}")
    level = AchievementLevel.MUNICIPAL
    result = AchievementResult.WINNER
    date = date(2026, 10, 5)
    status = AchievementStatus.CONFIRMED
    # A rejection must be explained (constraint achievement_rejection_explained).
    status_comment = factory.LazyAttribute(
        lambda a: "Нет подписи организатора" if a.status == AchievementStatus.REJECTED else ""
    )
    created_by = factory.SubFactory(UserFactory, roles=[Role.CLASS_TEACHER])


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    achievement = factory.SubFactory(AchievementFactory)
    file = factory.django.FileField(filename="scan.pdf", data=EVIDENCE_PDF)
    original_name = "диплом.pdf"
    content_type = "application/pdf"
    size = len(EVIDENCE_PDF)
    sha256 = hashlib.sha256(EVIDENCE_PDF).hexdigest()
    uploaded_by = factory.SelfAttribute("achievement.created_by")


def achievement_fields(**overrides) -> dict:
    """What the achievement form hands to the service."""
    return {
        "category": category("olympiad"),
        "title": "Муниципальный этап ВсОШ по математике",
        "level": AchievementLevel.MUNICIPAL,
        "result": AchievementResult.WINNER,
        "stage": "",
        "badge": "",
        "date": date(2026, 10, 5),
        "organiser": "",
        "subject_area": "",
        "description": "",
        **overrides,
    }


def create_through_service(actor, learner, uploads=None, **overrides) -> Achievement:
    """An entry made as the pages make it: proposed by the family with a PDF, or entered
    (confirmed) by its keeper."""
    return services.achievement_create(
        learner=learner,
        fields=achievement_fields(**overrides),
        uploads=[pdf_upload()] if uploads is None else uploads,
        actor=actor,
    )
