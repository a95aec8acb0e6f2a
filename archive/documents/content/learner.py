"""Documents about one learner: the certificate of study (273-FZ art. 60 p. 12; 004
§2.6), the extract from the class journal (000 §4.4) and the yearly results of the
personal file (001 §3.7). Each reads the record in a fixed number of queries, whatever
the number of subjects and marks, and returns plain data for the template."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from achievements.models import JournalCell, MarkKind, PeriodMark
from archive.documents.content.common import learner_content, organisation_content, printed_date
from learners.models import AcademicYear, CurriculumLine, Enrollment, OrganisationKind, StudyPeriod
from learners.selectors import current_year

# «У обучающегося нет отметок»: the learner's word in the genitive, by organisation kind.
LEARNER_GENITIVE = {
    OrganisationKind.SCHOOL: "обучающегося",
    OrganisationKind.ADDITIONAL: "учащегося",
    OrganisationKind.TRAINING: "слушателя",
}
# What the curriculum's lines are called: a training company teaches disciplines (004 §2.6).
SUBJECT_WORD = {
    OrganisationKind.SCHOOL: "Учебный предмет",
    OrganisationKind.ADDITIONAL: "Учебный предмет (курс)",
    OrganisationKind.TRAINING: "Дисциплина",
}


def words(organisation: dict) -> dict:
    """The words a learner document uses for this kind of organisation."""
    kind = organisation["kind"]
    terms = organisation["terms"]
    return {
        "learner": terms.get("learner", "обучающийся"),
        "learner_genitive": LEARNER_GENITIVE.get(kind, "обучающегося"),
        "group": terms.get("group", "класс"),
        "subject": SUBJECT_WORD.get(kind, "Учебный предмет"),
        "subjects": "дисциплины" if kind == OrganisationKind.TRAINING else "учебные предметы",
        "training": kind == OrganisationKind.TRAINING,
        "year_mark": "Оценка" if kind == OrganisationKind.TRAINING else "Годовая оценка",
        "final_mark": (
            "Итоговая аттестация" if kind == OrganisationKind.TRAINING else "Итоговая оценка"
        ),
    }


def _enrollments(learner) -> list[Enrollment]:
    return list(
        Enrollment.objects.filter(learner=learner)
        .select_related("group__year", "group__programme", "group__class_teacher", "programme")
        .order_by("started_on", "pk")
    )


def _programmes(enrollments) -> list[dict]:
    """Each programme the learner studied with its span and the groups, in order."""
    found: dict[int, dict] = {}
    for enrollment in enrollments:
        entry = found.setdefault(
            enrollment.programme_id,
            {
                "name": enrollment.programme.name,
                "started_on": enrollment.started_on,
                "ended_on": enrollment.ended_on,
                "active": False,
                "groups": [],
            },
        )
        entry["started_on"] = min(entry["started_on"], enrollment.started_on)
        if enrollment.ended_on is None:
            entry["active"] = True
        elif entry["ended_on"] is None or enrollment.ended_on > entry["ended_on"]:
            entry["ended_on"] = enrollment.ended_on
        if enrollment.group.name not in entry["groups"]:
            entry["groups"].append(enrollment.group.name)
    return [
        {
            "name": entry["name"],
            "started_on": printed_date(entry["started_on"]),
            "ended_on": "" if entry["active"] else printed_date(entry["ended_on"]),
            "active": entry["active"],
            "groups": entry["groups"],
        }
        for entry in found.values()
    ]


def _hours(groups) -> dict[tuple[int, int], int]:
    """{(academic year id, subject id): hours} of the curriculum of these groups."""
    years_of_pair: dict[tuple[int, int], list[int]] = defaultdict(list)
    for group in groups:
        years_of_pair[(group.programme_id, group.grade)].append(group.year_id)
    if not years_of_pair:
        return {}
    which = Q()
    for programme_id, grade in years_of_pair:
        which |= Q(programme_id=programme_id, grade=grade)
    hours: dict[tuple[int, int], int] = {}
    lines = CurriculumLine.objects.filter(which).values_list(
        "programme_id", "grade", "subject_id", "hours"
    )
    for programme_id, grade, subject_id, value in lines:
        for year_id in years_of_pair[(programme_id, grade)]:
            hours[(year_id, subject_id)] = value
    return hours


def mark_content(mark: PeriodMark | None) -> dict | None:
    if mark is None:
        return None
    return {
        "value": mark.value,
        "credited": mark.is_credited,
        "credit_note": mark.credit_note,
        "credit_source": mark.credit_source,
    }


def year_results(learner, *, enrollments=None, year_ids=None, with_periods=False) -> list[dict]:
    """The learner's year and final marks grouped by academic year (oldest first), each
    subject with the curriculum hours of the group they were in that year: a list of
    {year_id, year, group, grade, programme, by_periods, periods, rows: [{subject_id,
    subject, hours, year_mark, final_mark}], total_hours}. Three queries.

    With ``with_periods`` a year without any year or final mark (the learner is in the
    middle of it, or left during it) is given by its period marks instead: ``by_periods``
    is true, ``periods`` names the periods that have marks, oldest first, and each row
    has ``period_marks`` in that order (None where the subject has no mark for the
    period). A year with a year or final mark never shows its period marks."""
    if enrollments is None:
        enrollments = _enrollments(learner)
    kinds = [MarkKind.YEAR, MarkKind.FINAL] + ([MarkKind.PERIOD] if with_periods else [])
    marks = PeriodMark.objects.filter(learner=learner, kind__in=kinds).select_related(
        "subject", "year", *(["period__year"] if with_periods else [])
    )
    if year_ids is not None:
        marks = marks.filter(year_id__in=year_ids)
    years: dict[int, AcademicYear] = {}
    by_year: dict[int, dict[int, dict]] = defaultdict(dict)
    by_period: dict[int, dict[int, dict]] = defaultdict(dict)
    for mark in marks:
        if mark.kind == MarkKind.PERIOD:
            # A period row without a value is a mark not given yet, not a result.
            if mark.value:
                years[mark.year_id] = mark.year
                _add_period_mark(by_period[mark.year_id], mark)
            continue
        years[mark.year_id] = mark.year
        row = by_year[mark.year_id].setdefault(
            mark.subject_id,
            {"subject_id": mark.subject_id, "subject": mark.subject.name, "year_mark": None,
             "final_mark": None},
        )  # fmt: skip
        row["year_mark" if mark.kind == MarkKind.YEAR else "final_mark"] = mark_content(mark)
    # The group of a year is the last one the learner was in during it.
    group_of_year = {}
    for enrollment in enrollments:
        group_of_year[enrollment.group.year_id] = enrollment.group
    hours = _hours(list(group_of_year.values()))
    result = []
    for year_id in sorted(years, key=lambda pk: years[pk].starts_on):
        group = group_of_year.get(year_id)
        if year_id in by_year:
            periods, rows = [], list(by_year[year_id].values())
        else:
            periods, rows = _period_rows(by_period[year_id])
        rows.sort(key=lambda row: row["subject"])
        for row in rows:
            row["hours"] = hours.get((year_id, row["subject_id"]))
        result.append(
            {
                "year_id": year_id,
                "year": years[year_id].name,
                "group_id": group.pk if group else None,
                "group": group.name if group else "",
                "grade": group.grade if group else None,
                "programme": group.programme.name if group else "",
                "by_periods": year_id not in by_year,
                "periods": periods,
                "rows": rows,
                "total_hours": sum(row["hours"] or 0 for row in rows),
            }
        )
    return result


def _add_period_mark(subjects: dict[int, dict], mark: PeriodMark) -> None:
    """File a period mark under its subject in ``subjects`` ({subject id: row})."""
    row = subjects.setdefault(
        mark.subject_id,
        {"subject_id": mark.subject_id, "subject": mark.subject.name, "by_period": {}},
    )
    row["by_period"][mark.period_id] = (
        (mark.period.starts_on, mark.period.number, mark.period.name),
        {**mark_content(mark), "period": mark.period.name},
    )


def _period_rows(subjects: dict[int, dict]) -> tuple[list[dict], list[dict]]:
    """The periods that have marks (oldest first) and each subject's row with its
    marks in that order, from what _add_period_mark filed."""
    found = {
        period_id: key
        for row in subjects.values()
        for period_id, (key, _mark) in row["by_period"].items()
    }
    order = sorted(found, key=lambda period_id: found[period_id][:2])
    rows = [
        {
            "subject_id": row["subject_id"],
            "subject": row["subject"],
            "period_marks": [
                row["by_period"][period_id][1] if period_id in row["by_period"] else None
                for period_id in order
            ],
            "year_mark": None,
            "final_mark": None,
        }
        for row in subjects.values()
    ]
    return [{"name": found[period_id][2]} for period_id in order], rows


def _no_marks(organisation: dict, document: str) -> ValidationError:
    who = words(organisation)["learner_genitive"]
    return ValidationError(f"У {who} нет отметок: {document} выдать нельзя.")


def study_certificate(*, learner) -> dict:
    """Справка об обучении (о периоде обучения): the programmes and the period of
    study, and every subject (discipline) studied with its hours and the marks got.
    A year without year marks yet — the learner is in the middle of it, often leaving
    for another school — shows the marks of its attestation periods, named; refused
    only when the learner has no period, year or final mark at all."""
    organisation = organisation_content()
    enrollments = _enrollments(learner)
    years = year_results(learner, enrollments=enrollments, with_periods=True)
    if not years:
        raise _no_marks(organisation, "справку об обучении")
    programmes = _programmes(enrollments)
    studying = any(programme["active"] for programme in programmes)
    name = "Справка об обучении" if studying else "Справка о периоде обучения"
    started = min((e.started_on for e in enrollments), default=None)
    ended = None if studying else max((e.ended_on for e in enrollments), default=None)
    finished = [year for year in years if not year["by_periods"]]
    return {
        "organisation": organisation,
        "words": words(organisation),
        "title": f"{name} — {learner.short_name}",
        "name": name,
        "learner": learner_content(learner),
        "studying": studying,
        "programmes": programmes,
        "started_on": printed_date(started),
        "ended_on": printed_date(ended),
        "years": years,
        # A year still going has only its planned hours: they are not hours studied.
        "has_year_marks": bool(finished),
        "has_period_years": len(finished) < len(years),
        "total_hours": sum(year["total_hours"] for year in finished),
        "has_credited": any(_credited(row) for year in years for row in year["rows"]),
        "printed_on": printed_date(timezone.localdate()),
    }


JOURNAL_NAME = {
    OrganisationKind.SCHOOL: "классного журнала",
    OrganisationKind.ADDITIONAL: "журнала учёта работы объединения",
    OrganisationKind.TRAINING: "журнала учебной группы",
}


def _extract_year(learner, enrollments, academic_year) -> AcademicYear | None:
    """The given year; else the current one if the learner studied in it; else the
    last year they studied (a learner who left asks for their last year's marks)."""
    if academic_year is not None:
        return academic_year
    years = [enrollment.group.year for enrollment in enrollments]
    current = current_year()
    if current is not None and any(year.pk == current.pk for year in years):
        return current
    return max(years, key=lambda year: year.starts_on, default=current)


def _current_marks(learner, year) -> dict[int, tuple[str, list[dict]]]:
    """{subject id: (subject name, [{date, marks}])} of the learner's journal cells
    with marks in the year, by date."""
    found: dict[int, tuple[str, list[dict]]] = {}
    cells = (
        JournalCell.objects.filter(learner=learner, lesson__group__year=year)
        .exclude(marks="")
        .order_by("lesson__date", "lesson__number")
        .values_list("lesson__subject_id", "lesson__subject__name", "lesson__date", "marks")
    )
    for subject_id, name, day, marks in cells:
        found.setdefault(subject_id, (name, []))[1].append(
            {"date": f"{day:%d.%m.%Y}", "marks": marks}
        )
    return found


def journal_extract(*, learner, academic_year=None) -> dict:
    """Выписка из классного журнала (000 §4.4): current marks by subject and date and
    the intermediate attestation (period and year marks) of one academic year, as a
    learner transferring to another school takes it. Credited results are marked as
    such with their source (000 §1.3)."""
    organisation = organisation_content()
    enrollments = _enrollments(learner)
    year = _extract_year(learner, enrollments, academic_year)
    if year is None:
        raise _no_marks(organisation, "выписку из журнала")
    periods = list(StudyPeriod.objects.filter(year=year).select_related("year"))
    current = _current_marks(learner, year)
    marks = PeriodMark.objects.filter(learner=learner, year=year).select_related(
        "subject", "period__year"
    )
    subjects = {
        subject_id: _subject_row(subject_id, name, periods)
        for subject_id, (name, _cells) in current.items()
    }
    for mark in marks:
        row = subjects.setdefault(
            mark.subject_id, _subject_row(mark.subject_id, mark.subject.name, periods)
        )
        if mark.kind == MarkKind.PERIOD:
            row["periods"][str(mark.period_id)] = {
                **mark_content(mark),
                "period": mark.period.name,
            }
        else:
            row["year_mark" if mark.kind == MarkKind.YEAR else "final_mark"] = mark_content(mark)
    if not subjects:
        who = words(organisation)["learner_genitive"]
        raise ValidationError(
            f"У {who} нет отметок за {year.name} учебный год: выписку из журнала выдать нельзя."
        )
    rows = sorted(subjects.values(), key=lambda row: row["subject"])
    for row in rows:
        row["current"] = current.get(row["subject_id"], ("", []))[1]
        row["period_marks"] = [row["periods"].get(str(period.pk)) for period in periods]
        del row["periods"]
    groups = [e.group.name for e in enrollments if e.group.year_id == year.pk]
    journal = JOURNAL_NAME.get(organisation["kind"], JOURNAL_NAME[OrganisationKind.SCHOOL])
    return {
        "organisation": organisation,
        "words": words(organisation),
        "title": f"Выписка из {journal} — {learner.short_name}",
        "journal": journal,
        "learner": learner_content(learner),
        "academic_year": year.name,
        "groups": groups,
        "periods": [{"name": period.name, "dates": period.dates} for period in periods],
        "rows": rows,
        "has_credited": any(_credited(row) for row in rows),
        "printed_on": printed_date(timezone.localdate()),
    }


def _subject_row(subject_id: int, name: str, periods) -> dict:
    return {"subject_id": subject_id, "subject": name, "periods": {}, "year_mark": None,
            "final_mark": None}  # fmt: skip


def _credited(row: dict) -> bool:
    marks = [row.get("year_mark"), row.get("final_mark"), *row.get("period_marks", [])]
    return any(mark and mark["credited"] for mark in marks)


def yearly_results(*, learner) -> dict:
    """Итоговые результаты по годам обучения for the personal file (001 §3.7): the
    year and final marks of every subject for each year of study, each year with the
    class teacher's sign-off. A year never signed off, or whose marks changed after it
    was signed off, is printed «не заверено»: the document shows the record as it is,
    and says plainly which years nobody has certified."""
    from archive.documents.signoffs import signoff_states

    organisation = organisation_content()
    enrollments = _enrollments(learner)
    years = year_results(learner, enrollments=enrollments)
    if not years:
        raise _no_marks(organisation, "итоговые результаты")
    states = signoff_states(years=years_by_learner(learner, years))
    for year in years:
        year["signoff"] = states[(learner.pk, year["year_id"])]
    last_group = enrollments[-1].group if enrollments else None
    teacher = last_group.class_teacher if last_group else None
    return {
        "organisation": organisation,
        "words": words(organisation),
        "title": f"Итоговые результаты по годам обучения — {learner.short_name}",
        "learner": learner_content(learner),
        "programmes": _programmes(enrollments),
        "years": years,
        "class_teacher": teacher.full_name if teacher else "",
        "has_credited": any(_credited(row) for year in years for row in year["rows"]),
        "all_signed": all(year["signoff"]["status"] == "signed" for year in years),
        "printed_on": printed_date(timezone.localdate()),
    }


def years_by_learner(learner, years: list[dict]) -> dict:
    """{(learner id, year id): the rows of that year}, as signoff_states takes them."""
    return {(learner.pk, year["year_id"]): year["rows"] for year in years}
