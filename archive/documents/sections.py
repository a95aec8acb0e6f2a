"""The documents section of a learner's card (common/sections.py), registered by
ArchiveConfig.ready(): learners must not import archive. Only the office, who issues
documents, sees it; for anyone else the section is empty."""

from django.template.loader import render_to_string

from learners.access import issues_documents


def documents_section(request, learner) -> str:
    if not issues_documents(request.user):
        return ""
    from archive.models import IssuedDocument

    count = IssuedDocument.objects.filter(learner=learner).count()
    return render_to_string(
        "archive/documents/_learner_section.html", {"learner": learner, "count": count}
    )


def register_sections() -> None:
    from common.sections import register

    register("learner_card", "documents", documents_section, order=60)
