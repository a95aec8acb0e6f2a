"""The two printed documents of a class's snapshot, as PDF/A-2b: the summary
statement of attestation marks (with the rewards granted in the scope) and the journal
of results and attendance."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string

from archive.exports import attendance, rewards
from common.charts import Series, bar_chart
from common.pdf import html_to_pdf
from learners.terms import terms_for

# As many lesson columns as a landscape A4 page holds beside the learners' names in
# the journal's narrow type; a longer subject goes on in a further table.
LESSONS_PER_TABLE = 25


@dataclass(frozen=True)
class JournalTable:
    heads: list[str]
    # Per learner: number, name, the cells' texts and (last table only) the mark.
    rows: list[tuple]
    last: bool


@dataclass(frozen=True)
class JournalSubject:
    name: str
    tables: list[JournalTable]
    lessons: list


def _common(data, computed) -> dict:
    return {
        "organisation": data.organisation,
        "group": data.group,
        "class_teacher": data.group.class_teacher,
        "terms": terms_for(data.organisation),
        "scope": data.scope,
        "computed": computed,
        "fonts": (settings.BASE_DIR / "static" / "fonts").as_uri(),
    }


def summary_pdf(*, data, computed) -> bytes:
    return html_to_pdf(summary_html(data=data, computed=computed))


def summary_html(*, data, computed) -> str:
    return render_to_string(
        "archive/pdf/summary.html",
        {
            **_common(data, computed),
            "totals": [
                (total, [total.counts[value] for value in ("5", "4", "3", "2", "н/а")])
                for total in computed.subject_totals
            ],
            "rewards": rewards(data),
            "chart": _subjects_chart(computed),
        },
    )


def _subjects_chart(computed) -> str:
    """Progress and quality per subject as bars, above the table of the same figures:
    the statement read at a glance, printed as it is shown on the statistics page."""
    totals = [total for total in computed.subject_totals if total.attested]
    if not totals:
        return ""
    return bar_chart(
        title="Успеваемость и качество по предметам, %",
        x_labels=[total.subject_name for total in totals],
        series=[
            Series("Успеваемость, %", [total.progress_percent for total in totals]),
            Series("Качество, %", [total.quality_percent for total in totals]),
        ],
        y_max=100,
        places=1,
    )


def journal_pdf(*, data, computed) -> bytes:
    return html_to_pdf(journal_html(data=data, computed=computed))


def journal_html(*, data, computed) -> str:
    subjects = []
    for index, subject in enumerate(data.subjects):
        lessons = data.lessons_of(subject.pk)
        chunks = [
            lessons[start : start + LESSONS_PER_TABLE]
            for start in range(0, len(lessons), LESSONS_PER_TABLE)
        ] or [[]]
        tables = []
        for number, chunk in enumerate(chunks, start=1):
            last = number == len(chunks)
            rows = []
            for row, learner in zip(computed.rows, data.learners, strict=True):
                texts = [_text(data.cells.get((lesson.pk, learner.pk))) for lesson in chunk]
                mark = row.entries[index].shown if last else ""
                final = row.finals[index].shown if last and computed.has_finals else ""
                rows.append((row.number, row.learner_name, texts, mark, final))
            tables.append(
                JournalTable(
                    heads=[lesson.date.strftime("%d.%m") for lesson in chunk],
                    rows=rows,
                    last=last,
                )
            )
        subjects.append(JournalSubject(name=subject.name, tables=tables, lessons=lessons))
    return render_to_string(
        "archive/pdf/journal.html",
        {
            **_common(data, computed),
            "subjects": subjects,
            "attendance": attendance(data),
        },
    )


def _text(cell) -> str:
    return cell.text if cell is not None else ""
