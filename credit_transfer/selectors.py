"""Reads of the credit-transfer pages, scoped by the access policy (learners/access.py):
the organisation's administration sees every application, a legal representative
those of their own children, a subject teacher the lines of the subjects they teach
in the learner's class (and nothing of the family's passport or address)."""

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from common.names import decline
from credit_transfer import checks
from credit_transfer.models import (
    OPEN_STATUSES,
    Application,
    ApplicationChange,
    ApplicationLine,
    Attachment,
    Status,
)
from learners import selectors as learner_selectors
from learners.access import (
    handles_all_applications,
    refuse,
    represented_learners,
    teaching_assignments,
)
from learners.calendar import WorkingCalendar
from learners.models import (
    CurriculumLine,
    ScaleKind,
    StateExamChoice,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)

DATIVE = {"директор": "Директору", "заведующий": "Заведующему", "руководитель": "Руководителю"}


def addressee() -> str:
    """«Директору МАОУ СОШ № 17 Смирновой Ольге Викторовне» as Appendix 1 opens: the
    title and the name in the dative."""
    found = learner_selectors.organisation()
    if found is None:
        return "Руководителю организации"
    title = DATIVE.get(found.director_title.strip().lower(), found.director_title)
    return f"{title} {found.short_name} {decline(found.director_name, 'dative')}"


def teacher_lines(user) -> QuerySet[ApplicationLine]:
    """Lines of a subject the user teaches in the application's class, once the
    application is signed: a draft is nobody's business but its author's."""
    return ApplicationLine.objects.exclude(application__status=Status.DRAFT).filter(
        Exists(
            teaching_assignments(user).filter(
                group_id=OuterRef("application__group_id"), subject_id=OuterRef("subject_id")
            )
        )
    )


def applications_for(user) -> QuerySet[Application]:
    """Applications the user may open. A draft is its author's own until signed: the
    parent's who fills it in, or the clerk's who types in a paper one."""
    submitted = ~Q(status=Status.DRAFT) | Q(created_by=user)
    if handles_all_applications(user):
        return Application.objects.filter(submitted)
    family = Q(learner__in=represented_learners(user)) & submitted
    taught = Exists(teacher_lines(user).filter(application=OuterRef("pk")))
    return Application.objects.filter(family | taught)


def get_application_for_user(user, pk) -> Application:
    application = (
        applications_for(user)
        .select_related(
            "learner", "group__programme", "group__year", "year", "period", "applicant",
            "signed_by", "registered_by",
        )
        .filter(pk=pk)
        .first()
    )  # fmt: skip
    if application is None:
        raise refuse(user, "credit_application", pk)
    return application


def is_family_of(user, application: Application) -> bool:
    """Whether the user is a legal representative of the application's learner. Read
    once per application object and user: the status page asks it for itself and for
    the moves it offers (services lock and read the application afresh)."""
    known = application.__dict__.setdefault("_family_of", {})
    if user.pk not in known:
        known[user.pk] = represented_learners(user).filter(pk=application.learner_id).exists()
    return known[user.pk]


def shows_applicant_personal(user, application: Application) -> bool:
    """Passport, address and phone are the applicant's own data (152-FZ): the
    applicant and the administration that registers and decides see them; the other
    parent and the teachers do not. The page and every document it links obey this."""
    return user.pk == application.applicant_id or handles_all_applications(user)


def get_line_for_teacher(user, pk) -> ApplicationLine:
    line = (
        teacher_lines(user)
        .select_related("application__learner", "application__group", "subject")
        .filter(pk=pk)
        .first()
    )
    if line is None:
        raise refuse(user, "credit_line", pk)
    return line


def get_attachment_for_user(user, pk) -> Attachment:
    attachment = (
        Attachment.objects.filter(application__in=applications_for(user))
        .select_related("application")
        .filter(pk=pk)
        .first()
    )
    if attachment is None:
        raise refuse(user, "credit_attachment", pk)
    return attachment


def family_applications(user) -> QuerySet[Application]:
    return (
        Application.objects.filter(learner__in=represented_learners(user))
        .filter(~Q(status=Status.DRAFT) | Q(created_by=user))
        .select_related("learner", "group", "year", "period")
        .order_by("-created_at", "-pk")
    )


def conversion_queue(user) -> QuerySet[ApplicationLine]:
    """Lines waiting for this teacher's conversion decision, and the ones they decided."""
    return (
        teacher_lines(user)
        .filter(application__status__in=[Status.WITH_TEACHER, *OPEN_STATUSES, Status.DECIDED])
        .select_related("application__learner", "application__group", "application__year",
                        "application__period", "subject", "conversion_by")
        .prefetch_related("application__attachments")
        .order_by("application__submitted_at", "order")
    )  # fmt: skip


def convertible_line_ids(user, application: Application) -> frozenset[int]:
    """The lines of the application waiting for this teacher's conversion decision:
    the same the teacher's list offers (conversion_queue), for the application's page."""
    if application.status != Status.WITH_TEACHER:
        return frozenset()
    return frozenset(
        teacher_lines(user)
        .filter(application=application, conversion="")
        .values_list("pk", flat=True)
    )


def subject_teachers(group, subject) -> list:
    return teachers_by_subject(group, [subject.pk]).get(subject.pk, [])


def teachers_by_subject(group, subject_ids) -> dict[int, list]:
    """{subject id: the class's teachers of it (staff)}, one query."""
    found: dict[int, list] = {}
    for assignment in TeachingAssignment.objects.filter(
        group=group, subject_id__in=subject_ids
    ).select_related("teacher__user"):
        found.setdefault(assignment.subject_id, []).append(assignment.teacher)
    return found


# --- the checks' context ------------------------------------------------------------------


def period_share(application: Application) -> Fraction:
    """The part of the year's curriculum hours the marks are for: one for the year,
    a period's share of the year's study days for a period."""
    return _period_share(application.year_id, application.period_id)


def _period_share(year_id, period_id) -> Fraction:
    if period_id is None:
        return Fraction(1)
    periods = list(StudyPeriod.objects.filter(year_id=year_id))
    total = sum((p.ends_on - p.starts_on).days + 1 for p in periods)
    own = next((p for p in periods if p.pk == period_id), None)
    if own is None or not total:
        return Fraction(1)
    return Fraction((own.ends_on - own.starts_on).days + 1, total)


def check_context(application: Application, subject_ids) -> checks.Context:
    return group_check_context(
        group=application.group,
        learner_id=application.learner_id,
        period_id=application.period_id,
        subject_ids=subject_ids,
    )


def group_check_context(*, group, learner_id, period_id, subject_ids) -> checks.Context:
    """The checks' context for a learner of ``group``, before any application exists:
    the form checks its lines while the family fills it in, by the same rules."""
    lines = list(
        CurriculumLine.objects.filter(programme_id=group.programme_id).values_list(
            "subject_id", "grade", "hours", "is_state_exam_mandatory"
        )
    )
    subjects = {
        s.pk: s
        for s in Subject.objects.filter(pk__in=set(subject_ids)).select_related("grading_scale")
    }
    chosen = StateExamChoice.objects.filter(learner_id=learner_id).values_list(
        "subject_id", flat=True
    )
    return checks.Context(
        grade=group.grade,
        programme=group.programme.name,
        curriculum={
            subject: checks.CurriculumEntry(hours=hours)
            for subject, grade, hours, _ in lines
            if grade == group.grade
        },
        state_exam_mandatory=frozenset(s for s, _, _, mandatory in lines if mandatory),
        state_exam_chosen=frozenset(chosen),
        five_point=frozenset(
            pk for pk, s in subjects.items() if s.grading_scale.kind == ScaleKind.FIVE_POINT
        ),
        names={pk: (s.name, s.short_name) for pk, s in subjects.items()},
        period_share=_period_share(group.year_id, period_id),
    )


def curriculum_subjects(groups) -> QuerySet[Subject]:
    """The subjects of the curriculum of these classes' own grades: what a line of the
    application may name (a subject outside it is never credited, 000 §4.6)."""
    match = Q(pk__in=[])
    for group in groups:
        match |= Q(
            curriculumline__programme_id=group.programme_id,
            curriculumline__grade=group.grade,
        )
    return Subject.objects.filter(match).distinct().order_by("name")


def check_lines(context: checks.Context, lines: list[dict]) -> list[checks.LineCheck]:
    """The checks of lines as the form holds them (subject, external_* values)."""
    return [
        checks.check_line(
            checks.Line(
                subject_id=line["subject"].pk,
                external_name=line.get("external_name") or "",
                external_scale=line.get("external_scale") or "",
                external_result=line.get("external_result") or "",
                external_hours=line.get("external_hours") or 0,
            ),
            context,
        )
        for line in lines
    ]


def lines_with_checks(application: Application) -> list[tuple[ApplicationLine, checks.LineCheck]]:
    """Each line of the application with its checks, in a fixed number of queries."""
    lines = list(
        application.lines.select_related("subject", "conversion_by").order_by("order", "pk")
    )
    if not lines:
        return []
    context = check_context(application, [line.subject_id for line in lines])
    return [
        (
            line,
            checks.check_line(
                checks.Line(
                    subject_id=line.subject_id,
                    external_name=line.external_name,
                    external_scale=line.external_scale,
                    external_result=line.external_result,
                    external_hours=line.external_hours,
                ),
                context,
            ),
        )
        for line in lines
    ]


# --- the deputy's list ---------------------------------------------------------------------


def deputy_queue(queryset: QuerySet[Application], *, today: date) -> QuerySet[Application]:
    """Applications in the order the deputy should take them: decisions overdue for
    the family, then decisions to be told soonest, then open applications by age,
    then the finished ones."""
    told = Q(decision_notified_at__isnull=False)
    return queryset.annotate(
        urgency=Case(
            When(~told & Q(notify_by__lt=today), then=Value(0)),
            When(~told & Q(notify_by__isnull=False), then=Value(1)),
            When(status__in=OPEN_STATUSES, then=Value(2)),
            When(status=Status.DECIDED, then=Value(3)),
            default=Value(4),
            output_field=IntegerField(),
        )
    ).order_by("urgency", "notify_by", "submitted_at", "pk")


@dataclass(frozen=True)
class Deadline:
    """Where an application stands against the five working days (000 §5.7)."""

    state: str  # "overdue", "due", "told", "told_late", "open", ""
    text: str


def deadline(application: Application, calendar: WorkingCalendar, today: date) -> Deadline:
    if application.decision_notified_at is not None and application.notify_by is not None:
        told = timezone.localdate(application.decision_notified_at)
        if told > application.notify_by:
            late = calendar.between(application.notify_by, told)
            return Deadline("told_late", f"сообщено {told:%d.%m.%Y}, опоздание {late} раб. дн.")
        return Deadline("told", f"сообщено {told:%d.%m.%Y}, в срок")
    if application.notify_by is not None:
        left = calendar.between(today, application.notify_by)
        if left < 0:
            return Deadline(
                "overdue",
                f"просрочено на {-left} раб. дн.: сообщить семье нужно было "
                f"до {application.notify_by:%d.%m.%Y}",
            )
        if left == 0:
            return Deadline("due", "сообщить семье сегодня: последний день")
        return Deadline(
            "due", f"сообщить семье до {application.notify_by:%d.%m.%Y}: {left} раб. дн."
        )
    if application.status in OPEN_STATUSES and application.submitted_at is not None:
        waiting = calendar.between(timezone.localdate(application.submitted_at), today)
        return Deadline("open", f"в работе {waiting} раб. дн.")
    return Deadline("", "")


def with_deadlines(applications, *, today: date) -> list[Application]:
    """Each application with its ``deadline``, the calendar read once for all."""
    applications = list(applications)
    dates = [today]
    for a in applications:
        dates += [
            d for d in (a.notify_by, a.submitted_at and timezone.localdate(a.submitted_at)) if d
        ]
        if a.decision_notified_at:
            dates.append(timezone.localdate(a.decision_notified_at))
    calendar = WorkingCalendar(min(dates), max(dates))
    for a in applications:
        a.deadline = deadline(a, calendar, today)
    return applications


def history(application: Application) -> QuerySet[ApplicationChange]:
    return application.changes.select_related("changed_by").prefetch_related(
        Prefetch("notifications")
    )
