"""factory-boy factories for rewards. Kinds are the ones seeded by migration
rewards/0002 (looked up by code, never created here)."""

import hashlib
from datetime import date

import factory

from learners.models import Role
from rewards.models import Ground, Reward, RewardEvidence, RewardKind, RewardOrder, RewardStatus
from tests.achievements.portfolio.files import pdf_bytes
from tests.factories import AcademicYearFactory, LearnerFactory, UserFactory

SCAN_PDF = pdf_bytes()


def kind(code: str = "certificate") -> RewardKind:
    return RewardKind.objects.get(code=code)


class RewardOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RewardOrder

    number = factory.Sequence(lambda n: f"{n + 100}-о")
    date = date(2026, 10, 30)
    signed_by = factory.SubFactory(UserFactory, roles=[Role.DIRECTOR])
    signed_by_name = "Иванова Мария Петровна"


class RewardFactory(factory.django.DjangoModelFactory):
    """A nomination by default; pass ``status`` (and ``order`` for an approved one)."""

    class Meta:
        model = Reward

    learner = factory.SubFactory(LearnerFactory)
    kind = factory.LazyFunction(kind)
    ground = Ground.STUDY
    merit = "За победу в муниципальном этапе олимпиады по математике"
    year = factory.SubFactory(AcademicYearFactory)
    status = RewardStatus.NOMINATED
    status_comment = factory.LazyAttribute(
        lambda r: "Нет оснований" if r.status in ("declined", "rejected") else ""
    )
    created_by = factory.SubFactory(UserFactory, roles=[Role.CLASS_TEACHER])


class RewardEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RewardEvidence

    reward = factory.SubFactory(RewardFactory)
    file = factory.django.FileField(filename="scan.pdf", data=SCAN_PDF)
    original_name = "грамота.pdf"
    content_type = "application/pdf"
    size = len(SCAN_PDF)
    sha256 = hashlib.sha256(SCAN_PDF).hexdigest()
    uploaded_by = factory.SelfAttribute("reward.created_by")
