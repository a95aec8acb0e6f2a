"""Each document kind: the function that reads its data from the record, what it
needs, its template, and whether it is a document for the family (issued to the
learner or a legal representative and shown in their account) or one of the
organisation's own statements. Builders are named by path and imported when used, so
that this table stays the one place a newcomer reads to find a document's code."""

from dataclasses import dataclass

from django.utils.module_loading import import_string

from archive.models import DocumentKind
from learners.models import OrganisationKind
from learners.terms import current_kind

# What an issue can be about; each builder takes the ones it names in ``params``.
SUBJECTS = ("learner", "group", "subject", "academic_year", "period")


@dataclass(frozen=True)
class Spec:
    kind: DocumentKind
    builder: str
    # Keyword arguments the builder takes: the first ``required`` of SUBJECTS must be
    # given; the rest (and ``options``) may be.
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    for_family: bool = False

    @property
    def build(self):
        return import_string(self.builder)

    @property
    def template(self) -> str:
        return f"archive/documents/pdf/{self.kind.value}.html"


SPECS = {
    spec.kind: spec
    for spec in (
        Spec(
            DocumentKind.STUDY_CERTIFICATE,
            "archive.documents.content.learner.study_certificate",
            required=("learner",),
            for_family=True,
        ),
        Spec(
            DocumentKind.JOURNAL_EXTRACT,
            "archive.documents.content.learner.journal_extract",
            required=("learner",),
            optional=("academic_year",),
            for_family=True,
        ),
        Spec(
            DocumentKind.YEARLY_RESULTS,
            "archive.documents.content.learner.yearly_results",
            required=("learner",),
            for_family=True,
        ),
        Spec(
            DocumentKind.ATTESTATION_STATEMENT,
            "archive.documents.content.group.attestation_statement",
            required=("group", "subject"),
            optional=("period",),
        ),
        Spec(
            DocumentKind.SUMMARY_STATEMENT,
            "archive.documents.content.group.summary_statement",
            required=("group",),
            optional=("period",),
        ),
        Spec(
            DocumentKind.CERTIFICATE_SUPPLEMENT,
            "archive.documents.content.graduates.certificate_supplement",
            required=("learner",),
            optional=("academic_year",),
            for_family=True,
        ),
        Spec(
            DocumentKind.GRADUATES_LIST,
            "archive.documents.content.graduates.graduates_list",
            required=("group",),
        ),
        Spec(
            DocumentKind.FINAL_PROTOCOL,
            "archive.documents.content.final_protocol.final_protocol",
            required=("group",),
        ),
        Spec(
            DocumentKind.CERTIFICATES_BOOK,
            "archive.documents.content.graduates.certificates_book",
            required=("academic_year",),
        ),
    )
}


def spec_of(kind) -> Spec:
    return SPECS[DocumentKind(kind)]


# The kinds' names in the organisation's own words (R-ORG-6): the model's labels are a
# school's, and a training company keeps no «классный журнал» and issues no «аттестат».
KIND_WORDS = {
    OrganisationKind.ADDITIONAL: {
        DocumentKind.JOURNAL_EXTRACT: "Выписка из журнала объединения",
        DocumentKind.CERTIFICATE_SUPPLEMENT: "Приложение к свидетельству",
        DocumentKind.GRADUATES_LIST: "Список завершивших обучение с итоговыми оценками",
        DocumentKind.CERTIFICATES_BOOK: "Книга учёта выдачи свидетельств",
    },
    OrganisationKind.TRAINING: {
        DocumentKind.JOURNAL_EXTRACT: "Выписка из журнала учебной группы",
        DocumentKind.CERTIFICATE_SUPPLEMENT: "Приложение к удостоверению",
        DocumentKind.GRADUATES_LIST: "Список слушателей, завершивших обучение",
        DocumentKind.CERTIFICATES_BOOK: "Книга учёта выдачи документов о квалификации",
    },
}


def kind_label(kind: str) -> str:
    """A document kind's name as the organisation says it."""
    kind = DocumentKind(kind)
    return KIND_WORDS.get(current_kind(), {}).get(kind, kind.label)


def kind_choices(kinds=None) -> list[tuple[str, str]]:
    return [(kind.value, kind_label(kind)) for kind in (kinds or DocumentKind)]
