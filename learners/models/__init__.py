"""Who learns, where and under which rules: the organisation, its years and periods,
programmes, subjects and curriculum, groups and enrollments, learners, guardians and
staff. Rules that span rows (a period inside its year, periods that do not overlap)
are enforced by database triggers, see migration 0003_period_triggers, and checked
first by the models' ``clean`` (learners/models/years.py).

Each topic is a module of this package; every public name is imported here, so
``from learners.models import X`` is the one way to reach a model."""

from learners.models.accounts import PasswordResetRequest
from learners.models.consent import BASE_SCOPE, Consent, ConsentScope
from learners.models.groups import Customer, Enrollment, StudyGroup, TeachingAssignment
from learners.models.organisation import TERMS, Organisation, OrganisationKind, digits
from learners.models.people import (
    Guardian,
    Guardianship,
    Kinship,
    Learner,
    LearnerStatus,
    LearnerStatusChange,
    Person,
    Role,
    Sex,
    Staff,
    StateExamChoice,
)
from learners.models.production_calendar import CalendarDay, CalendarDayKind, CalendarYear
from learners.models.programmes import (
    CurriculumLine,
    GradingScale,
    Programme,
    ProgrammeLevel,
    ScaleKind,
    ScaleValue,
    StudyForm,
    Subject,
    SubjectKind,
)
from learners.models.years import ORDINAL_ENDINGS, AcademicYear, PeriodKind, StudyPeriod

__all__ = [
    "BASE_SCOPE",
    "ORDINAL_ENDINGS",
    "TERMS",
    "AcademicYear",
    "CalendarDay",
    "CalendarDayKind",
    "CalendarYear",
    "Consent",
    "ConsentScope",
    "CurriculumLine",
    "Customer",
    "Enrollment",
    "GradingScale",
    "Guardian",
    "Guardianship",
    "Kinship",
    "Learner",
    "LearnerStatus",
    "LearnerStatusChange",
    "Organisation",
    "OrganisationKind",
    "PasswordResetRequest",
    "PeriodKind",
    "Person",
    "Programme",
    "ProgrammeLevel",
    "Role",
    "ScaleKind",
    "ScaleValue",
    "Sex",
    "Staff",
    "StateExamChoice",
    "StudyForm",
    "StudyGroup",
    "StudyPeriod",
    "Subject",
    "SubjectKind",
    "TeachingAssignment",
    "digits",
]
