import factory

from achievements.models import DiagnosticLevel, DiagnosticResult, UlaKind
from tests.factories import LearnerFactory, StudyGroupFactory, StudyPeriodFactory, UserFactory


class DiagnosticResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiagnosticResult

    learner = factory.SubFactory(LearnerFactory)
    period = factory.SubFactory(StudyPeriodFactory)
    group = factory.SubFactory(StudyGroupFactory)
    kind = UlaKind.PERSONAL
    level = DiagnosticLevel.MEDIUM
    updated_by = factory.SubFactory(UserFactory)
