"""Graduates' documents: the supplement to the certificate (аттестат, свидетельство,
удостоверение) with the final mark of every subject of the programme's curriculum
(000 §4.5; 001 §3.3, §3.8; 002 §4.9), the list of graduates' final marks for the
pedagogical council, and the printout of the book of issued certificates.

Final marks are the ones set as such (PeriodMark of kind «итоговая»): the regulations
carry them into the certificate and the book, they do not derive them. A subject of
the curriculum without a final mark stops the supplement, naming the subjects, so
that a certificate is never printed with a gap."""

from django.core.exceptions import ValidationError
from django.db.models import F

from achievements.models import MarkKind, PeriodMark
from archive.collect import Scope, _roster
from archive.documents.content.common import learner_content, organisation_content, printed_date
from archive.documents.content.group import class_teacher_name, in_group, subject_word
from archive.models import CertificateEntry
from learners.models import CurriculumLine, Enrollment, OrganisationKind, ProgrammeLevel

MARK_WORDS = {
    "5": "отлично",
    "4": "хорошо",
    "3": "удовлетворительно",
    "2": "неудовлетворительно",
    "зач": "зачтено",
    "зач.": "зачтено",
    "осв": "освоено",
    "осв.": "освоено",
}
PASSING = frozenset({"5", "4", "3", "зач", "зач.", "осв", "осв."})

# «Приложение к …» of each organisation kind (the dative of its document).
SUPPLEMENT_OF = {
    OrganisationKind.SCHOOL: "Приложение к аттестату",
    OrganisationKind.ADDITIONAL: "Приложение к свидетельству",
    OrganisationKind.TRAINING: "Приложение к удостоверению",
}
LEVEL_PHRASE = {
    ProgrammeLevel.BASIC: "об основном общем образовании",
    ProgrammeLevel.SECONDARY: "о среднем общем образовании",
}


LEARNER_GENITIVE = {
    OrganisationKind.SCHOOL: "обучающегося",
    OrganisationKind.ADDITIONAL: "учащегося",
    OrganisationKind.TRAINING: "слушателя",
}


def learner_genitive(org: dict) -> str:
    return LEARNER_GENITIVE[OrganisationKind(org["kind"])]


def mark_text(value: str) -> str:
    word = MARK_WORDS.get(value)
    return f"{value} ({word})" if word and value.isdigit() else (word or value)


def curriculum(programme) -> list[dict]:
    """Every subject of the programme's curriculum with its total hours, in the order
    of the curriculum's first year of each subject, then by name (one query)."""
    lines = CurriculumLine.objects.filter(programme=programme).select_related("subject")
    subjects: dict[int, dict] = {}
    for line in lines.order_by("grade", "subject__name"):
        entry = subjects.setdefault(
            line.subject_id, {"id": line.subject_id, "name": line.subject.name, "hours": 0}
        )
        entry["hours"] += line.hours
    return sorted(subjects.values(), key=lambda s: s["name"])


def final_marks(learner_ids: list[int], subject_ids: list[int]) -> dict[tuple[int, int], str]:
    """(learner, subject) → the latest final mark (one query)."""
    marks = PeriodMark.objects.filter(
        kind=MarkKind.FINAL, learner__in=learner_ids, subject__in=subject_ids
    ).exclude(value="")
    result = {}
    for mark in marks.order_by("year__starts_on", "pk"):
        result[(mark.learner_id, mark.subject_id)] = mark.value.strip()
    return result


def _final_enrollment(learner, academic_year) -> Enrollment:
    """The learner's enrollment in the last year (class) of their programme."""
    enrollments = Enrollment.objects.filter(
        learner=learner,
        group__grade__gte=F("group__programme__last_grade"),
    ).select_related("group__year", "group__programme", "group__class_teacher")
    if academic_year is not None:
        enrollments = enrollments.filter(group__year=academic_year)
    enrollment = enrollments.order_by("-group__year__starts_on", "-started_on").first()
    if enrollment is None:
        year = f" в {academic_year.name} учебном году" if academic_year is not None else ""
        raise ValidationError(
            f"{learner.full_name} не обучается{year} в выпускном классе (последнем году "
            "обучения по программе): приложение к документу об образовании не составляется."
        )
    return enrollment


def supplement_heading(org: dict, programme) -> str:
    heading = SUPPLEMENT_OF[OrganisationKind(org["kind"])]
    phrase = LEVEL_PHRASE.get(programme.level)
    return f"{heading} {phrase}" if phrase and org["kind"] == OrganisationKind.SCHOOL else heading


def _supplement_rows(org: dict, learner, programme) -> list[dict]:
    """The final mark of every subject of the curriculum; refused, naming the
    subjects, while any is missing."""
    subjects = curriculum(programme)
    marks = final_marks([learner.pk], [s["id"] for s in subjects])
    if not subjects:
        raise ValidationError(
            f"В учебном плане программы «{programme.name}» нет ни одного предмета: "
            "приложение составлять не из чего."
        )
    if not marks:
        raise ValidationError(
            f"У {learner_genitive(org)} {learner.full_name} нет итоговых отметок: выставьте их, "
            "прежде чем выдавать документ."
        )
    missing = [s["name"] for s in subjects if (learner.pk, s["id"]) not in marks]
    if missing:
        raise ValidationError(
            f"Нет итоговых отметок у {learner_genitive(org)} {learner.full_name} по "
            f"{'дисциплинам' if org['kind'] == OrganisationKind.TRAINING else 'предметам'}: "
            f"{', '.join(missing)}. Выставьте их, прежде чем выдавать приложение."
        )
    return [
        {
            "number": n,
            "subject": s["name"],
            "hours": s["hours"],
            "mark": marks[(learner.pk, s["id"])],
            "mark_text": mark_text(marks[(learner.pk, s["id"])]),
        }
        for n, s in enumerate(subjects, start=1)
    ]


def certificate_supplement(
    *,
    learner,
    academic_year=None,
    certificate_number: str = "",
    book_number: str = "",
    issued_on: str = "",
) -> dict:
    """The final mark of every subject of the curriculum of the learner's programme.
    ``certificate_number`` (series and number of the certificate's blank),
    ``book_number`` and ``issued_on`` are given when the certificate is recorded in
    the book."""
    org = organisation_content()
    enrollment = _final_enrollment(learner, academic_year)
    group, programme = enrollment.group, enrollment.group.programme
    rows = _supplement_rows(org, learner, programme)
    heading = supplement_heading(org, programme)
    return {
        "organisation": org,
        "title": f"{SUPPLEMENT_OF[OrganisationKind(org['kind'])]} — {learner.short_name}",
        "heading": heading,
        "learner": learner_content(learner),
        "programme": programme.name,
        "level": programme.get_level_display(),
        "group": group.name,
        "academic_year": group.year.name,
        "graduation_year": group.year.ends_on.year,
        "subject_word": subject_word(org),
        "show_hours": org["kind"] != OrganisationKind.SCHOOL,
        "marks": rows,
        "all_five": all(row["mark"] == "5" for row in rows),
        "certificate_number": certificate_number,
        "book_number": book_number,
        "issued_on": issued_on,
    }


def graduates_list(*, group) -> dict:
    """The graduating group's learners × the curriculum's subjects with final marks,
    and whether each may be awarded the document (a passing final mark in every
    subject), with honours when every final mark is «5»."""
    org = organisation_content()
    programme = group.programme
    if group.grade < programme.last_grade:
        raise ValidationError(
            f"{group.name} — {org['terms']['not_final_group']}: список выпускников "
            "составляется для последнего года обучения по программе."
        )
    roster = _roster(group, Scope(year=group.year, period=None))
    if not roster:
        raise ValidationError(f"Нет обучающихся {in_group(org, group)}: список пуст.")
    subjects = curriculum(programme)
    marks = final_marks([e.learner_id for e in roster], [s["id"] for s in subjects])
    if not marks:
        raise ValidationError(
            f"Нет ни одной итоговой отметки {in_group(org, group)}: выставьте итоговые "
            "отметки, прежде чем составлять список выпускников."
        )
    rows = []
    for number, enrollment in enumerate(roster, start=1):
        values = [marks.get((enrollment.learner_id, s["id"]), "") for s in subjects]
        complete = all(value in PASSING for value in values)
        rows.append(
            {
                "number": number,
                "name": enrollment.learner.full_name,
                "marks": values,
                "awarded": complete,
                "with_honours": complete and all(value == "5" for value in values),
                "missing": [s["name"] for s, v in zip(subjects, values, strict=True) if not v],
            }
        )
    return {
        "organisation": org,
        "title": f"Список выпускников с итоговыми отметками — {group.name}, {group.year.name}",
        "group": group.name,
        "group_word": org["terms"]["group"],
        "document": org["terms"]["document"],
        "academic_year": group.year.name,
        "programme": programme.name,
        "subject_word": subject_word(org, plural=True),
        "subjects": [s["name"] for s in subjects],
        "rows": rows,
        "awarded": sum(1 for row in rows if row["awarded"]),
        "with_honours": sum(1 for row in rows if row["with_honours"]),
        "class_teacher": class_teacher_name(group),
    }


def certificates_book(*, academic_year) -> dict:
    """The book of issued certificates for ``academic_year``, from its entries."""
    org = organisation_content()
    entries = list(
        CertificateEntry.objects.filter(academic_year=academic_year)
        .select_related("learner", "duplicate_of")
        .order_by("year", "number")
    )
    if not entries:
        raise ValidationError(
            f"В книге выдачи за {academic_year.name} учебный год нет ни одной записи."
        )
    document = org["terms"]["document"]
    return {
        "organisation": org,
        "title": f"Книга учёта выдачи документов ({document}) — {academic_year.name}",
        "document": document,
        "academic_year": academic_year.name,
        "entries": [
            {
                "number": entry.number,
                "year": entry.year,
                "learner": entry.learner.full_name,
                "birth_date": printed_date(entry.learner.birth_date),
                "document_title": entry.document_title,
                "series": entry.series,
                "blank_number": entry.blank_number,
                "issued_on": printed_date(entry.issued_on),
                "with_honours": entry.with_honours,
                "duplicate_of": entry.duplicate_of.number if entry.duplicate_of_id else None,
                "duplicate_reason": entry.duplicate_reason,
                "received_by": entry.received_by,
                "marks": [
                    {"subject": m.get("subject", ""), "mark": m.get("mark", "")}
                    for m in entry.marks
                ],
            }
            for entry in entries
        ],
    }
