"""Credit transfer in use at the demo school: applications in the states a newcomer
should see — freshly submitted, waiting for a subject teacher, sent back for
documents, overdue after the pedagogical council, refused, and approved with the
director's order, so the journal shows a credited mark and exempt lessons.

Every step goes through the workflow's own services, so the history, the credited
marks and the exemptions are exactly what the product itself would write. Only the
clock is set back afterwards: the demo's past happened on past days."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from credit_transfer import services
from credit_transfer.demo.cases import CASES, PASSPORT_OFFICES, Case
from credit_transfer.demo.scans import extract_png
from credit_transfer.demo.steps import (
    backdate,
    clear_exempt_cells,
    moment,
    take_step,
    working_days_back,
)
from credit_transfer.models import Application, AttachmentKind, Status
from learners import selectors as learner_selectors
from learners.calendar import WorkingCalendar
from learners.models import Enrollment, Guardianship, Kinship, Role, StudyPeriod, Subject

__all__ = ["CASES", "generate", "waiting_teacher"]


def generate(*, today: date, seed: int = 17) -> dict[str, int]:
    users = get_user_model().objects
    deputy = users.filter(groups__name=Role.DEPUTY.label).order_by("pk").first()
    director = users.filter(groups__name=Role.DIRECTOR.label).order_by("pk").first()
    if deputy is None or director is None:
        return {"credit_applications": 0}
    calendar = WorkingCalendar(today - timedelta(days=60), today)
    subjects = {s.name: s for s in Subject.objects.all()}
    demo_son = users.filter(username="uchenik").values_list("learner", flat=True).first()
    made = 0
    for index, (key, case) in enumerate(CASES.items()):
        link = _guardianship(key, case, demo_son=demo_son)
        if link is None or any(line["subject"] not in subjects for line in case.lines):
            continue
        application = _draft(
            case, link=link, subjects=subjects, today=today, index=index, seed=seed
        )
        submitted = working_days_back(calendar, today, case.submitted_days_ago)
        application = services.application_transition(
            application=application, to=Status.SUBMITTED, actor=link.guardian.user, ip="127.0.0.1"
        )
        when = moment(submitted, 19)
        Application.objects.filter(pk=application.pk).update(submitted_at=when, signed_at=when)
        backdate(application, when)
        application = _take_steps(
            application, case, calendar=calendar, today=today, deputy=deputy, director=director
        )
        if key == "approved":
            clear_exempt_cells(application)
        made += 1
    return {"credit_applications": made}


def _guardianship(key: str, case: Case, *, demo_son: int | None) -> Guardianship | None:
    """The legal representative who applies: for the demo family's son the case
    waiting for his teacher, for the others a learner of the case's class. The mother
    applies where there is one (in the demo family: `roditel`)."""
    enrollment = (
        Enrollment.objects.filter(group__name=case.group, ended_on__isnull=True)
        .filter(**({"learner_id": demo_son} if key == "with_teacher" else {}))
        .exclude(**({} if key == "with_teacher" else {"learner_id": demo_son}))
        .select_related("learner")
        .order_by("pk")
        .first()
    )
    if enrollment is None:
        return None
    links = Guardianship.objects.filter(learner=enrollment.learner).select_related(
        "guardian__user", "learner"
    )
    return links.filter(kinship=Kinship.MOTHER).order_by("pk").first() or links.first()


def _draft(case: Case, *, link, subjects, today: date, index: int, seed: int) -> Application:
    learner, guardian = link.learner, link.guardian
    group = learner_selectors.current_group(learner)
    period = None
    if case.period == "current":
        period = StudyPeriod.objects.filter(
            year=group.year, starts_on__lte=today, ends_on__gte=today
        ).first()
    return services.application_save(
        application=None,
        learner=learner,
        fields=_fields(case, guardian=guardian, index=index, seed=seed)
        | {"period_id": period.pk if period else None},
        lines=[line | {"subject": subjects[line["subject"]]} for line in case.lines],
        uploads=[(AttachmentKind.EXTRACT, _extract(case, learner))],
        actor=guardian.user,
    )


def _fields(case: Case, *, guardian, index: int, seed: int) -> dict:
    return {
        "applicant_name": guardian.full_name,
        "passport_series": f"20{10 + index:02d}",
        "passport_number": f"{(seed * 7919 + index * 104729) % 1000000:06d}",
        "passport_issued_by": PASSPORT_OFFICES[index % len(PASSPORT_OFFICES)],
        "passport_issued_on": date(2012 + index, 3 + index, 10 + index),
        "registration_address": f"394036, г. Воронеж, ул. Пушкинская, д. {5 + index}, "
        f"кв. {12 + 7 * index}",
        "phone": guardian.phone or "+7 (910) 000-00-00",
        "other_name": case.other_name,
        "other_address": case.other_address,
        "other_licence_number": f"Л035-01234-36/00{312040 + index}",
        "other_licence_date": date(2016 + index % 5, 4, 12),
        "subject_area": case.area,
        "programme_name": case.programme,
        "ground": case.ground,
        "consent": True,
        "wants_exemption": True,
    }


def _extract(case: Case, learner) -> SimpleUploadedFile:
    rows = [
        f"{learner.full_name}, {learner.birth_date:%d.%m.%Y} г. р.",
        case.programme[:60],
        *[
            f"{line['external_name']}: {line['external_result']}, {line['external_hours']} ч"
            for line in case.lines
        ],
    ]
    return SimpleUploadedFile(
        "Справка об успеваемости.png",
        extract_png(case.other_name, rows),
        content_type="image/png",
    )


def _take_steps(
    application: Application, case: Case, *, calendar, today: date, deputy, director
) -> Application:
    for step, days_ago in case.steps:
        day = working_days_back(calendar, today, days_ago)
        application = take_step(application, step, day, deputy=deputy, director=director)
        backdate(application, moment(day, 11))
        if step == "decide":
            Application.objects.filter(pk=application.pk).update(
                decision_notified_at=moment(day, 11)
            )
    return application


def waiting_teacher() -> tuple[str, str] | None:
    """(login, what) of a teacher a demo application waits for, to list among the demo
    logins: the generated teachers have no memorable names."""
    from credit_transfer.selectors import subject_teachers

    application = (
        Application.objects.filter(status=Status.WITH_TEACHER)
        .select_related("group")
        .order_by("pk")
        .first()
    )
    if application is None:
        return None
    for line in application.lines.select_related("subject"):
        for teacher in subject_teachers(application.group, line.subject):
            return (
                teacher.user.username,
                f"учитель ({line.subject.name.lower()}, {application.group.name}): "
                f"ждёт его решения заявление о зачёте № {application.number}",
            )
    return None
