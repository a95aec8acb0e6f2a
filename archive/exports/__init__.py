"""The files of one class in a period snapshot: a workbook, two PDF/A documents and
the data as JSON Lines, all made from the same ``ClassData`` and the same computed
summary (archive.summary), so that every figure of one is found in the others."""

from dataclasses import dataclass
from datetime import date

from achievements.models import Attendance
from archive.collect import ClassData, granted_on
from archive.models import FileKind
from learners.terms import terms_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
JSONL = "application/jsonl"

# Attendance codes (achievements.models.Attendance): a late arrival is not a missed
# lesson; illness and an excused absence are missed for a good reason.
MISSED = frozenset({Attendance.ABSENT, Attendance.ILL, Attendance.EXCUSED})
GOOD_REASON = frozenset({Attendance.ILL, Attendance.EXCUSED})
LATE = Attendance.LATE


@dataclass(frozen=True)
class ExportedFile:
    name: str
    kind: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class AttendanceRow:
    learner_id: int
    learner_name: str
    missed: int
    good_reason: int
    late: int

    @property
    def without_reason(self) -> int:
        return self.missed - self.good_reason


def class_files(data: ClassData) -> list[ExportedFile]:
    """The four files of the class, in the order workbook, summary PDF, journal PDF,
    data. The writers are imported here: openpyxl and WeasyPrint are heavy."""
    from archive.exports import jsonl, pdf, workbook
    from archive.summary import summary

    computed = summary(data)
    prefix = file_prefix(data)
    return [
        ExportedFile(
            name=f"{prefix} — сводная ведомость и журнал.xlsx",
            kind=FileKind.WORKBOOK.value,
            content_type=XLSX,
            content=workbook.workbook(data=data, computed=computed),
        ),
        ExportedFile(
            name=f"{prefix} — сводная ведомость.pdf",
            kind=FileKind.SUMMARY_PDF.value,
            content_type=PDF,
            content=pdf.summary_pdf(data=data, computed=computed),
        ),
        ExportedFile(
            name=f"{prefix} — журнал.pdf",
            kind=FileKind.JOURNAL_PDF.value,
            content_type=PDF,
            content=pdf.journal_pdf(data=data, computed=computed),
        ),
        ExportedFile(
            name=f"{prefix} — данные.jsonl",
            kind=FileKind.DATA.value,
            content_type=JSONL,
            content=jsonl.jsonl(data=data, computed=computed),
        ),
    ]


def file_prefix(data: ClassData) -> str:
    # A class named "5/1" would otherwise make a folder inside the snapshot's archive.
    name = data.group.name.replace("/", "-").replace("\\", "-").strip()
    return name or f"{terms_for(data.organisation)['Group']} {data.group.pk}"


def attendance(data: ClassData) -> list[AttendanceRow]:
    """Per learner of the roster: lessons missed, of them for a good reason, late."""
    codes: dict[int, list[str]] = {learner.pk: [] for learner in data.learners}
    lesson_ids = {lesson.pk for lesson in data.lessons}
    for (lesson_id, learner_id), cell in data.cells.items():
        if lesson_id in lesson_ids and learner_id in codes and cell.attendance:
            codes[learner_id].append(cell.attendance)
    return [
        AttendanceRow(
            learner_id=learner.pk,
            learner_name=learner.full_name,
            missed=sum(1 for code in codes[learner.pk] if code in MISSED),
            good_reason=sum(1 for code in codes[learner.pk] if code in GOOD_REASON),
            late=sum(1 for code in codes[learner.pk] if code == LATE),
        )
        for learner in data.learners
    ]


@dataclass(frozen=True)
class RewardRow:
    """A granted reward as the workbook and the summary statement show it."""

    learner_name: str
    kind: str
    subject: str
    ground: str
    merit: str
    order_number: str
    order_date: date | None
    source_organisation: str
    granted_on: date | None
    issued_on: date | None
    status: str

    @property
    def reference(self) -> str:
        """«Приказ № 101-о от 30.10.2026», or «Получено в МБОУ «Школа № 7»»."""
        if self.order_number:
            when = f" от {self.order_date:%d.%m.%Y}" if self.order_date else ""
            return f"Приказ № {self.order_number}{when}"
        if self.source_organisation:
            return f"Получено в {self.source_organisation}"
        return ""


def rewards(data: ClassData) -> list[RewardRow]:
    names = {learner.pk: learner.full_name for learner in data.learners}
    return [
        RewardRow(
            learner_name=names.get(reward.learner_id, ""),
            kind=reward.kind.name,
            subject=reward.subject.name if reward.subject else "",
            ground=reward.get_ground_display(),
            merit=reward.merit,
            order_number=reward.order.number if reward.order else "",
            order_date=reward.order.date if reward.order else None,
            source_organisation=reward.source_organisation,
            granted_on=granted_on(reward),
            issued_on=reward.issued_on,
            status=reward.get_status_display(),
        )
        for reward in data.rewards
    ]


def user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def subject_title(subject) -> str:
    return subject.short_name or subject.name


def history(data: ClassData) -> list[dict]:
    """Changes of journal cells and of attestation marks, oldest first, in the terms a
    reader of the journal uses."""
    lessons = {lesson.pk: lesson for lesson in data.lessons}
    subjects = {subject.pk: subject for subject in data.subjects}
    learners = {learner.pk: learner for learner in data.learners}
    rows = []
    words = terms_for(data.organisation)
    for change in data.cell_changes:
        lesson = lessons.get(change.cell.lesson_id)
        learner = learners.get(change.cell.learner_id)
        rows.append(
            {
                "changed_at": change.changed_at,
                "changed_by": user_name(change.changed_by),
                "learner": learner.full_name if learner else "",
                "subject": lesson.subject.name if lesson else "",
                "lesson_date": lesson.date if lesson else None,
                "what": f"Отметка и посещаемость за {words['lesson']}",
                "old": change.old_text,
                "new": change.new_text,
                "reason": change.reason,
                "order": (change.changed_at, 0, change.pk),
            }
        )
    for change in data.mark_changes:
        learner = learners.get(change.mark.learner_id)
        subject = subjects.get(change.mark.subject_id)
        rows.append(
            {
                "changed_at": change.changed_at,
                "changed_by": user_name(change.changed_by),
                "learner": learner.full_name if learner else "",
                "subject": subject.name if subject else "",
                "lesson_date": None,
                "what": change.mark.get_kind_display(),
                "old": change.old_value,
                "new": change.new_value,
                "reason": change.reason,
                "order": (change.changed_at, 1, change.pk),
            }
        )
    rows.sort(key=lambda row: row["order"])
    return rows
