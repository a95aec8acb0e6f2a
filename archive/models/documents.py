"""Official documents generated from the record (R-AR-6) and their registers (003
§5.4.3): every issued document is a row here with its number in the register of its
kind, the data it was printed from and the bytes handed out, stored once with their
SHA-256 and never printed again (a duplicate is a new, marked copy of the same data).

Names of people and groups are kept in ``content`` as they were on the day of issue:
the register outlives the records it names."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.models import HistoryRow, StoredFile
from learners.models import AcademicYear, Learner, StudyGroup, StudyPeriod, Subject


class DocumentKind(models.TextChoices):
    STUDY_CERTIFICATE = "study_certificate", "Справка об обучении (о периоде обучения)"
    JOURNAL_EXTRACT = "journal_extract", "Выписка из классного журнала"
    YEARLY_RESULTS = "yearly_results", "Итоговые результаты по годам обучения"
    ATTESTATION_STATEMENT = "attestation_statement", "Ведомость (протокол) аттестации"
    SUMMARY_STATEMENT = "summary_statement", "Сводная ведомость успеваемости"
    CERTIFICATE_SUPPLEMENT = "certificate_supplement", "Приложение к аттестату"
    GRADUATES_LIST = "graduates_list", "Список выпускников с итоговыми отметками"
    CERTIFICATES_BOOK = "certificates_book", "Книга учёта выдачи аттестатов"
    FINAL_PROTOCOL = "final_protocol", "Протокол итоговой аттестации"


# The register's short mark of each kind, printed before the number: «СО-12».
PREFIX = {
    DocumentKind.STUDY_CERTIFICATE: "СО",
    DocumentKind.JOURNAL_EXTRACT: "ВЖ",
    DocumentKind.YEARLY_RESULTS: "ИР",
    DocumentKind.ATTESTATION_STATEMENT: "ВА",
    DocumentKind.SUMMARY_STATEMENT: "СВ",
    DocumentKind.CERTIFICATE_SUPPLEMENT: "ПА",
    DocumentKind.GRADUATES_LIST: "СВЫП",
    DocumentKind.CERTIFICATES_BOOK: "КА",
    DocumentKind.FINAL_PROTOCOL: "ПИА",
}

# What a family may ask for online (R-AR-7): documents about one learner's studies.
REQUESTABLE = (DocumentKind.STUDY_CERTIFICATE, DocumentKind.JOURNAL_EXTRACT)

# Registers that are not document kinds but number the same way.
REQUESTS_REGISTER = "request"
CERTIFICATES_REGISTER = "certificate_entry"


class RegisterCounter(models.Model):
    """The last number given in a register in a calendar year. The issuing service
    locks this row, so two people issuing at once get consecutive numbers; a failed
    issue rolls the increment back with its transaction and consumes no number."""

    register = models.CharField("журнал", max_length=40)
    year = models.PositiveSmallIntegerField("год")
    last = models.PositiveIntegerField("последний номер", default=0)

    class Meta:
        verbose_name = "счётчик журнала регистрации"
        verbose_name_plural = "счётчики журналов регистрации"
        constraints = [
            models.UniqueConstraint(fields=["register", "year"], name="register_counter_unique")
        ]

    def __str__(self):
        return f"{self.register} {self.year}: {self.last}"


class IssuedDocument(StoredFile):
    """One issued document: its entry in the register of its kind and the PDF as it
    was handed out. ``uploaded_by`` is who issued it."""

    kind = models.CharField("вид документа", max_length=40, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField("год регистрации")
    number = models.PositiveIntegerField("номер")
    issued_on = models.DateField("дата выдачи")
    title = models.CharField("документ", max_length=300)
    learner = models.ForeignKey(
        Learner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
        verbose_name="обучающийся",
    )
    group = models.ForeignKey(
        StudyGroup, on_delete=models.PROTECT, null=True, blank=True, verbose_name="класс (группа)"
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, null=True, blank=True, verbose_name="предмет"
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, null=True, blank=True, verbose_name="учебный год"
    )
    period = models.ForeignKey(
        StudyPeriod, on_delete=models.PROTECT, null=True, blank=True, verbose_name="период"
    )
    recipient = models.CharField("кому выдан", max_length=300)
    purpose = models.CharField("для чего", max_length=300, blank=True)
    # Whether the family sees it in their account: documents issued to the learner or
    # a legal representative (R-SEC-1), not the school's internal statements.
    to_family = models.BooleanField("выдан семье", default=False)
    request = models.ForeignKey(
        "archive.InfoRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="запрос",
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name="дубликат документа",
    )
    # The data the PDF was printed from, so that a duplicate repeats the original.
    content = models.JSONField("данные документа", default=dict)
    file = models.FileField("файл", upload_to="documents/", max_length=300)

    class Meta:
        verbose_name = "выданный документ"
        verbose_name_plural = "журнал регистрации выданных документов"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "number"], name="issued_document_number_unique"
            )
        ]
        indexes = [models.Index(fields=["learner", "kind"], name="issued_document_learner_idx")]

    def __str__(self):
        return f"{self.title} № {self.registration_number} от {self.issued_on:%d.%m.%Y}"

    @property
    def registration_number(self) -> str:
        return f"{PREFIX[self.kind]}-{self.number}"

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of_id is not None


class YearResultsSignoff(models.Model):
    """The class teacher's certification of a learner's final results for a year of
    study in the personal file (001 §3.7). ``marks`` is what was certified; when the
    record changes afterwards the sign-off no longer matches and is shown as stale."""

    learner = models.ForeignKey(
        Learner, on_delete=models.PROTECT, related_name="year_signoffs", verbose_name="обучающийся"
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, verbose_name="учебный год"
    )
    group_name = models.CharField("класс", max_length=50)
    marks = models.JSONField("заверенные отметки", default=list)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кто"
    )
    signer_name = models.CharField("классный руководитель", max_length=300)
    signed_at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "заверение итоговых результатов"
        verbose_name_plural = "заверения итоговых результатов"
        ordering = ["-signed_at", "-pk"]

    def __str__(self):
        return f"{self.learner}: {self.academic_year} — {self.signer_name}"


class BlankCalibration(models.Model):
    """Where the printer puts the supplement's fields on the official blank: one row,
    shifts in millimetres measured from a test print on plain paper."""

    offset_x_mm = models.DecimalField("сдвиг вправо, мм", max_digits=4, decimal_places=1, default=0)
    offset_y_mm = models.DecimalField("сдвиг вниз, мм", max_digits=4, decimal_places=1, default=0)
    changed_at = models.DateTimeField("изменено", auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кем",
    )

    class Meta:
        verbose_name = "настройка печати на бланке"
        verbose_name_plural = "настройка печати на бланке"

    def __str__(self):
        return f"{self.offset_x_mm} × {self.offset_y_mm} мм"


class CertificateEntry(models.Model):
    """A line of the book of issued certificates (000 §4.5, 002 §4.9): the blank's
    series and number, the date, who received it, and the final marks as issued (the
    electronic copy of the supplement). A duplicate is a new line pointing at the
    original."""

    year = models.PositiveSmallIntegerField("год регистрации")
    number = models.PositiveIntegerField("регистрационный номер")
    learner = models.ForeignKey(
        Learner,
        on_delete=models.PROTECT,
        related_name="certificate_entries",
        verbose_name="выпускник",
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, verbose_name="учебный год"
    )
    document_title = models.CharField("документ", max_length=200)
    series = models.CharField("серия", max_length=20, blank=True)
    blank_number = models.CharField("номер бланка", max_length=30)
    issued_on = models.DateField("дата выдачи")
    with_honours = models.BooleanField("с отличием", default=False)
    received_by = models.CharField("кому выдан", max_length=300)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name="дубликат записи",
    )
    duplicate_reason = models.CharField("причина выдачи дубликата", max_length=300, blank=True)
    marks = models.JSONField("итоговые отметки", default=list)
    supplement = models.ForeignKey(
        IssuedDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="электронная копия приложения",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кто"
    )
    recorded_at = models.DateTimeField("внесено", auto_now_add=True)

    class Meta:
        verbose_name = "запись книги выдачи аттестатов"
        verbose_name_plural = "книга учёта выдачи аттестатов"
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="certificate_entry_number"),
            models.UniqueConstraint(
                fields=["document_title", "series", "blank_number"],
                name="certificate_entry_blank_unique",
                violation_error_message="Бланк с такими серией и номером уже записан в книгу.",
            ),
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | ~Q(duplicate_reason=""),
                name="certificate_entry_duplicate_reason",
                violation_error_message="Укажите причину выдачи дубликата.",
            ),
        ]

    def __str__(self):
        return f"№ {self.number} — {self.document_title} {self.series} {self.blank_number}"


class DisclosureGround(models.TextChoices):
    FAMILY_REQUEST = (
        "family_request",
        "Заявление обучающегося (родителя, законного представителя)",
    )
    ISSUE = "issue", "Выдача документа обучающемуся или его представителю"
    ARCHIVE = "archive", "Выгрузка архивной копии"
    CUSTOMER = "customer", "Договор об обучении (отчёт заказчику)"
    LAW = "law", "Запрос органа, уполномоченного законом"


class Disclosure(models.Model):
    """Every time results leave the organisation (001 §4.2, 002 §6.2): what, to whom,
    on what ground. Written by the service that hands the results out, in its
    transaction."""

    disclosed_at = models.DateTimeField("когда", auto_now_add=True, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кто"
    )
    learner = models.ForeignKey(
        Learner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures",
        verbose_name="обучающийся",
    )
    what = models.CharField("какие сведения", max_length=300)
    recipient = models.CharField("кому", max_length=300)
    ground = models.CharField("основание", max_length=20, choices=DisclosureGround.choices)
    ground_detail = models.CharField("основание подробно", max_length=300, blank=True)
    document = models.ForeignKey(
        IssuedDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures",
        verbose_name="документ",
    )

    class Meta:
        verbose_name = "передача сведений"
        verbose_name_plural = "журнал передачи сведений"
        ordering = ["-disclosed_at", "-pk"]

    def __str__(self):
        return f"{self.disclosed_at:%d.%m.%Y} — {self.what} — {self.recipient}"


class RequestStatus(models.TextChoices):
    REGISTERED = "registered", "Зарегистрирован"
    ISSUED = "issued", "Документ выдан"
    REFUSED = "refused", "Отказано"
    WITHDRAWN = "withdrawn", "Отозван"


class RequestChannel(models.TextChoices):
    ONLINE = "online", "Через личный кабинет"
    IN_PERSON = "in_person", "Лично"
    PHONE = "phone", "По телефону"
    POST = "post", "Почтой"


class Delivery(models.TextChoices):
    ACCOUNT = "account", "В личном кабинете"
    IN_PERSON = "in_person", "Лично в организации"
    POST = "post", "Почтой"


class InfoRequest(models.Model):
    """A request for a document about a learner's results (R-AR-7; 001 §4.3): by the
    learner or a legal representative, online or registered by staff."""

    year = models.PositiveSmallIntegerField("год регистрации")
    number = models.PositiveIntegerField("номер")
    registered_on = models.DateField("дата регистрации")
    deadline = models.DateField("срок ответа")
    learner = models.ForeignKey(
        Learner, on_delete=models.PROTECT, related_name="info_requests", verbose_name="обучающийся"
    )
    kind = models.CharField("документ", max_length=40, choices=DocumentKind.choices)
    purpose = models.CharField("для чего нужен документ", max_length=300)
    delivery = models.CharField(
        "как получить", max_length=20, choices=Delivery.choices, default=Delivery.ACCOUNT
    )
    channel = models.CharField("как поступил", max_length=20, choices=RequestChannel.choices)
    applicant_name = models.CharField("заявитель", max_length=300)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="учётная запись заявителя",
    )
    status = models.CharField(
        "состояние", max_length=20, choices=RequestStatus.choices, default=RequestStatus.REGISTERED
    )
    answer = models.CharField("ответ (причина отказа)", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кто"
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        verbose_name = "запрос документа"
        verbose_name_plural = "запросы документов"
        ordering = ["-registered_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="info_request_number_unique")
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="info_request_status_idx")]

    def __str__(self):
        return f"Запрос № {self.number} от {self.registered_on:%d.%m.%Y}"


class RequestChange(HistoryRow):
    request = models.ForeignKey(
        InfoRequest, on_delete=models.CASCADE, related_name="changes", verbose_name="запрос"
    )
    old_status = models.CharField("было", max_length=20, choices=RequestStatus.choices, blank=True)
    new_status = models.CharField("стало", max_length=20, choices=RequestStatus.choices)
    reason = models.CharField("причина", max_length=500, blank=True)

    class Meta(HistoryRow.Meta):
        verbose_name = "изменение запроса"
        verbose_name_plural = "история запросов"

    def __str__(self):
        return f"{self.request}: {self.old_status or '—'} → {self.new_status}"
