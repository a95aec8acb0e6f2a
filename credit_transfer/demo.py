"""Credit transfer in use at the demo school: applications in the states a newcomer
should see — freshly submitted, waiting for a subject teacher, sent back for
documents, overdue after the pedagogical council, refused, and approved with the
director's order, so the journal shows a credited mark and exempt lessons.

Every step goes through the workflow's own services, so the history, the credited
marks and the exemptions are exactly what the product itself would write. Only the
clock is set back afterwards: the demo's past happened on past days."""

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from achievements.models import CellChange, JournalCell
from credit_transfer import services
from credit_transfer.models import (
    Application,
    ApplicationChange,
    AttachmentKind,
    Ground,
    Notification,
    Status,
)
from credit_transfer.selectors import learner_class
from learners.calendar import WorkingCalendar
from learners.models import Enrollment, Guardianship, Kinship, Role, ScaleKind, StudyPeriod, Subject

PASSPORT_OFFICES = [
    "ГУ МВД России по Воронежской области",
    "Отделом УФМС России по Воронежской области в Центральном районе г. Воронежа",
    "ОВД Левобережного района г. Воронежа",
]


def extract_png(organisation: str, rows: list[str]) -> bytes:
    """A picture standing in for a scanned extract with marks, legible in Russian."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = settings.BASE_DIR / "static" / "fonts" / "DejaVuSans.ttf"
    title, body = ImageFont.truetype(str(font_path), 22), ImageFont.truetype(str(font_path), 16)
    image = Image.new("RGB", (700, 420 + 28 * len(rows)), (252, 250, 244))
    draw = ImageDraw.Draw(image)
    draw.text((40, 30), organisation, fill=(30, 30, 60), font=body)
    draw.text((40, 80), "СПРАВКА (выписка) об успеваемости", fill=(20, 20, 20), font=title)
    for index, row in enumerate(rows):
        draw.text((40, 140 + 28 * index), row, fill=(20, 20, 20), font=body)
    bottom = 180 + 28 * len(rows)
    draw.text((40, bottom), "Директор  ____________", fill=(20, 20, 20), font=body)
    draw.ellipse((420, bottom - 40, 560, bottom + 100), outline=(40, 70, 170), width=4)
    draw.text((452, bottom + 22), "М. П.", fill=(40, 70, 170), font=body)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


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


def _working_days_back(calendar: WorkingCalendar, today: date, count: int) -> date:
    day, left = today, count
    while left > 0:
        day -= timedelta(days=1)
        if calendar.is_working(day):
            left -= 1
    return day


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 15)))


def _backdate(application: Application, when: datetime) -> None:
    """Set the latest step of the history (and its letter) to the day it happened."""
    change = application.changes.order_by("-pk").first()
    ApplicationChange.objects.filter(pk=change.pk).update(changed_at=when)
    Notification.objects.filter(change=change).update(created_at=when, sent_at=when)


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
        enrollment = (
            Enrollment.objects.filter(group__name=case.group, ended_on__isnull=True)
            .filter(**({"learner_id": demo_son} if key == "with_teacher" else {}))
            .exclude(**({} if key == "with_teacher" else {"learner_id": demo_son}))
            .select_related("learner")
            .order_by("pk")
            .first()
        )
        if enrollment is None:
            continue
        learner = enrollment.learner
        # The mother applies where there is one (in the demo family: `roditel`).
        links = Guardianship.objects.filter(learner=learner).select_related("guardian__user")
        link = links.filter(kinship=Kinship.MOTHER).order_by("pk").first() or links.first()
        if link is None or any(line["subject"] not in subjects for line in case.lines):
            continue
        parent, guardian = link.guardian.user, link.guardian
        group = learner_class(learner)
        period = None
        if case.period == "current":
            period = StudyPeriod.objects.filter(
                year=group.year, starts_on__lte=today, ends_on__gte=today
            ).first()
        application = services.application_save(
            application=None,
            learner=learner,
            fields={
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
                "period_id": period.pk if period else None,
                "consent": True,
                "wants_exemption": True,
            },
            lines=[line | {"subject": subjects[line["subject"]]} for line in case.lines],
            uploads=[
                (
                    AttachmentKind.EXTRACT,
                    SimpleUploadedFile(
                        "Справка об успеваемости.png",
                        extract_png(
                            case.other_name,
                            [
                                f"{learner.full_name}, {learner.birth_date:%d.%m.%Y} г. р.",
                                case.programme[:60],
                                *[
                                    f"{line['external_name']}: {line['external_result']}, "
                                    f"{line['external_hours']} ч"
                                    for line in case.lines
                                ],
                            ],
                        ),
                        content_type="image/png",
                    ),
                )
            ],
            actor=parent,
        )
        submitted = _working_days_back(calendar, today, case.submitted_days_ago)
        application = services.application_transition(
            application=application, to=Status.SUBMITTED, actor=parent, ip="127.0.0.1"
        )
        when = _moment(submitted, 19)
        Application.objects.filter(pk=application.pk).update(submitted_at=when, signed_at=when)
        _backdate(application, when)
        for step, days_ago in case.steps:
            day = _working_days_back(calendar, today, days_ago)
            application = _step(application, step, day, deputy=deputy, director=director)
            _backdate(application, _moment(day, 11))
            if step == "decide":
                Application.objects.filter(pk=application.pk).update(
                    decision_notified_at=_moment(day, 11)
                )
        if key == "approved":
            _clear_exempt_cells(application)
        made += 1
    return {"credit_applications": made}


def _step(application, step: str, day: date, *, deputy, director) -> Application:
    move = services.application_transition
    if step == "review":
        return move(application=application, to=Status.UNDER_REVIEW, actor=deputy)
    if step == "to_teacher":
        return move(
            application=application,
            to=Status.WITH_TEACHER,
            actor=deputy,
            comment="Прошу решить, с какой отметкой зачесть результат.",
        )
    if step == "request_documents":
        return move(
            application=application,
            to=Status.DOCUMENTS_REQUESTED,
            actor=deputy,
            comment="В справке нет печати и подписи руководителя организации: приложите "
            "заверенную справку (выписку) с отметками (п. 4.4, 4.8 Положения).",
        )
    if step == "to_council":
        return move(
            application=application,
            to=Status.WITH_COUNCIL,
            actor=deputy,
            comment="Наименование курса или объём часов отличаются от учебного плана.",
        )
    if step == "council":
        return services.council_record(
            application=application,
            protocol_number=f"{day.month}",
            protocol_date=day,
            decisions={line.pk: "credit" for line in application.lines.all()},
            actor=deputy,
        )
    if step == "decide":
        return move(
            application=application, to=Status.DECIDED, actor=deputy, decided_on=day, decisions={}
        )
    return move(
        application=application,
        to=Status.ORDER_ISSUED,
        actor=director,
        order_number=f"{day.month * 10 + day.day}-у",
        order_date=day,
    )


def _clear_exempt_cells(application: Application) -> None:
    """The journal generator gave marks on lessons the learner is now exempt from; a
    teacher's save would have refused them (achievements.services.cell_save)."""
    for line in application.lines.select_related("exemption"):
        exemption = line.exemption
        if exemption is None:
            continue
        cells = JournalCell.objects.filter(
            learner=application.learner,
            lesson__subject=line.subject,
            lesson__date__gte=exemption.starts_on,
        )
        CellChange.objects.filter(cell__in=cells).delete()
        cells.delete()


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
