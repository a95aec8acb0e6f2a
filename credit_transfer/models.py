"""Credit transfer (зачёт результатов, 000 §3.4, §4.6–4.8, §5.1–5.7): a legal
representative's application in the form of Appendix 1, the lines "school subject ←
result obtained elsewhere", the attached documents, and the approval workflow with
its history and the notifications sent to the family."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from common.models import HistoryRow, StoredFile
from learners.models import (
    AcademicYear,
    Learner,
    ScaleKind,
    StudyGroup,
    StudyPeriod,
    Subject,
)


class Ground(models.TextChoices):
    """Grounds for credit transfer, 000 §3.4 (R-CT-2)."""

    NETWORK = "network", "Обучение по программе, реализуемой в сетевой форме"
    SANATORIUM = (
        "sanatorium",
        ("Временное обучение в санаторной школе, реабилитационном образовательном учреждении"),
    )
    TRANSFER = (
        "transfer",
        "Перевод из другой организации, осуществляющей образовательную деятельность",
    )
    PROGRAMME_CHANGE = "programme_change", "Перевод с одной образовательной программы на другую"
    FORM_CHANGE = "form_change", "Перевод с одной формы обучения на другую"
    READMISSION = (
        "readmission",
        ("Восстановление после отчисления, прикрепление для государственной итоговой аттестации"),
    )
    ELSEWHERE = (
        "elsewhere",
        ("Освоение курсов, дополнительных программ по собственному выбору в другой организации"),
    )
    DIAGNOSTICS = "diagnostics", "Самостоятельное прохождение независимой диагностики"
    OTHER = "other", "Иная уважительная причина"


class Status(models.TextChoices):
    DRAFT = "draft", "Черновик"
    SUBMITTED = "submitted", "Подано"
    UNDER_REVIEW = "under_review", "На рассмотрении"
    DOCUMENTS_REQUESTED = "documents_requested", "Запрошены документы"
    WITH_TEACHER = "with_teacher", "У учителя-предметника"
    WITH_COUNCIL = "with_council", "На педагогическом совете"
    DECIDED = "decided", "Решение принято"
    ORDER_ISSUED = "order_issued", "Издан приказ"
    EXEMPTION_ENDED = "exemption_ended", "Освобождение прекращено"
    WITHDRAWN = "withdrawn", "Отозвано заявителем"


OPEN_STATUSES = [
    Status.SUBMITTED,
    Status.UNDER_REVIEW,
    Status.DOCUMENTS_REQUESTED,
    Status.WITH_TEACHER,
    Status.WITH_COUNCIL,
]


class Outcome(models.TextChoices):
    APPROVED = "approved", "Зачтено"
    PARTLY = "partly", "Зачтено частично"
    REFUSED = "refused", "В зачёте отказано"


class Application(models.Model):
    """An application for credit transfer (Appendix 1 of seed 000). The applicant's
    and the other organisation's details are kept as written on the day it was
    signed; the learner's class and birth date are taken from the record."""

    number = models.CharField("номер", max_length=20, blank=True)
    learner = models.ForeignKey(
        Learner,
        on_delete=models.PROTECT,
        related_name="credit_applications",
        verbose_name="обучающийся",
    )
    group = models.ForeignKey(
        StudyGroup, on_delete=models.PROTECT, related_name="+", verbose_name="класс"
    )
    addressee = models.CharField("адресат", max_length=500, blank=True)

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="credit_applications",
        verbose_name="заявитель (учётная запись)",
    )
    applicant_name = models.CharField("ФИО заявителя", max_length=300, blank=True)
    passport_series = models.CharField("серия паспорта", max_length=5, blank=True)
    passport_number = models.CharField("номер паспорта", max_length=6, blank=True)
    passport_issued_by = models.CharField("кем выдан", max_length=300, blank=True)
    passport_issued_on = models.DateField("дата выдачи", null=True, blank=True)
    registration_address = models.CharField(
        "адрес регистрации (места жительства)", max_length=500, blank=True
    )
    phone = models.CharField("телефон", max_length=30, blank=True)

    other_name = models.CharField("наименование организации", max_length=500, blank=True)
    other_address = models.CharField("адрес организации", max_length=500, blank=True)
    other_licence_number = models.CharField("номер лицензии", max_length=100, blank=True)
    other_licence_date = models.DateField("дата лицензии", null=True, blank=True)
    other_accreditation_number = models.CharField(
        "номер свидетельства о государственной аккредитации", max_length=100, blank=True
    )
    other_accreditation_date = models.DateField(
        "дата свидетельства об аккредитации", null=True, blank=True
    )
    subject_area = models.CharField("предметная область", max_length=300, blank=True)
    programme_name = models.CharField("наименование программы", max_length=500, blank=True)
    ground = models.CharField("основание", max_length=20, choices=Ground.choices, blank=True)
    ground_details = models.CharField("пояснение к основанию", max_length=500, blank=True)

    year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name="учебный год"
    )
    period = models.ForeignKey(
        StudyPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="период (пусто — по итогам учебного года)",
    )
    wants_exemption = models.BooleanField(
        "освободить от посещения занятий по зачтённым предметам", default=True
    )
    consent = models.BooleanField("согласие на выставление отметок", default=False)

    # Signature: submitting from the applicant's own account is their signature; a
    # paper application is registered by staff and signed on paper.
    is_paper = models.BooleanField("подано на бумаге", default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="зарегистрировал",
    )
    signed_at = models.DateTimeField("подписано", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="подписал (учётная запись)",
    )
    signed_from = models.GenericIPAddressField("адрес подписания", null=True, blank=True)
    signature_digest = models.CharField("отпечаток SHA-256 подписанного", max_length=64, blank=True)
    submitted_at = models.DateTimeField("впервые подано", null=True, blank=True)

    # Set only by services.application_transition and the services that call it.
    status = models.CharField(
        "статус", max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    status_comment = models.CharField("комментарий к статусу", max_length=1000, blank=True)
    outcome = models.CharField("решение", max_length=10, choices=Outcome.choices, blank=True)
    decision_comment = models.CharField("пояснение к решению", max_length=1000, blank=True)
    decision_taken_on = models.DateField("решение принято", null=True, blank=True)
    notify_by = models.DateField("сообщить семье не позднее", null=True, blank=True)
    decision_notified_at = models.DateTimeField("решение доведено до семьи", null=True, blank=True)
    council_protocol_number = models.CharField("протокол педсовета №", max_length=50, blank=True)
    council_protocol_date = models.DateField("дата протокола педсовета", null=True, blank=True)
    order_number = models.CharField("приказ №", max_length=50, blank=True)
    order_date = models.DateField("дата приказа", null=True, blank=True)
    exemption_ended_on = models.DateField("освобождение прекращено с", null=True, blank=True)

    version = models.PositiveIntegerField("версия", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="создал"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "заявление о зачёте результатов"
        verbose_name_plural = "заявления о зачёте результатов"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "notify_by"], name="credit_app_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="credit_application_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(consent=True),
                name="credit_application_consent",
                violation_error_message="Без согласия на выставление отметок заявление не подать.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["decided", "order_issued", "exemption_ended"])
                | ~Q(outcome=""),
                name="credit_application_decided_has_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["order_issued", "exemption_ended"])
                | (~Q(order_number="") & Q(order_date__isnull=False)),
                name="credit_application_order_recorded",
                violation_error_message="Укажите номер и дату приказа.",
            ),
            models.CheckConstraint(
                condition=Q(notify_by__isnull=True) | Q(notify_by__gte=F("decision_taken_on")),
                name="credit_application_deadline_after_decision",
            ),
        ]

    def __str__(self):
        return f"Заявление {self.number or '(черновик)'}: {self.learner}"

    @property
    def is_editable_by_family(self):
        return self.status in (Status.DRAFT, Status.DOCUMENTS_REQUESTED)

    @property
    def target_label(self) -> str:
        """What the marks are set for, as Appendix 1 words it."""
        if self.period_id is None:
            return f"по итогам {self.year.name} учебного года"
        return f"по итогам периода «{self.period.name}» {self.year.name} учебного года"

    @property
    def other_summary(self) -> str:
        parts = [self.other_name, self.other_address]
        if self.other_accreditation_number:
            parts.append(
                f"свидетельство о государственной аккредитации № {self.other_accreditation_number}"
                + (
                    f" от {self.other_accreditation_date:%d.%m.%Y}"
                    if self.other_accreditation_date
                    else ""
                )
            )
        if self.other_licence_number:
            parts.append(
                f"лицензия № {self.other_licence_number}"
                + (f" от {self.other_licence_date:%d.%m.%Y}" if self.other_licence_date else "")
            )
        return ", ".join(p for p in parts if p)


class Conversion(models.TextChoices):
    """The subject teacher's decision on a result from another scale (000 §4.7)."""

    CREDIT_5 = "credit_5", "Зачесть с отметкой «5» (отлично)"
    CREDIT_4 = "credit_4", "Зачесть с отметкой «4» (хорошо)"
    ATTESTATION = "attestation", "Предложить пройти промежуточную аттестацию"


CONVERTED_VALUE = {Conversion.CREDIT_5: "5", Conversion.CREDIT_4: "4"}


class CouncilDecision(models.TextChoices):
    """The pedagogical council's decision on a mismatched line (000 §5.7)."""

    CREDIT = "credit", "Зачесть"
    REFUSE = "refuse", "Отказать в зачёте"


class LineDecision(models.TextChoices):
    CREDITED = "credited", "Зачтено"
    REFUSED = "refused", "Отказано"
    ATTESTATION = "attestation", "Предложено пройти аттестацию"


class ApplicationLine(models.Model):
    """One school subject to credit, with the result obtained for it elsewhere."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="lines", verbose_name="заявление"
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="+", verbose_name="предмет учебного плана"
    )
    external_name = models.CharField("курс (предмет) в другой организации", max_length=300)
    external_scale = models.CharField(
        "система оценивания там", max_length=20, choices=ScaleKind.choices
    )
    external_result = models.CharField("результат (отметка) там", max_length=50)
    external_hours = models.PositiveSmallIntegerField("объём там, часов")

    conversion = models.CharField(
        "решение учителя-предметника", max_length=20, choices=Conversion.choices, blank=True
    )
    conversion_comment = models.CharField("комментарий учителя", max_length=500, blank=True)
    conversion_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="учитель",
    )
    conversion_at = models.DateTimeField("решение учителя принято", null=True, blank=True)
    council_decision = models.CharField(
        "решение педагогического совета", max_length=10, choices=CouncilDecision.choices, blank=True
    )
    decision = models.CharField("решение", max_length=20, choices=LineDecision.choices, blank=True)
    credited_value = models.CharField("зачтённая отметка", max_length=10, blank=True)
    decision_reason = models.CharField("обоснование", max_length=1000, blank=True)
    # What the decision wrote into the learner's record: set once, so repeating the
    # approval or the order writes nothing twice.
    period_mark = models.ForeignKey(
        "achievements.PeriodMark",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="отметка в журнале",
    )
    exemption = models.ForeignKey(
        "achievements.Exemption",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="освобождение",
    )

    class Meta:
        verbose_name = "предмет для зачёта"
        verbose_name_plural = "предметы для зачёта"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "subject"],
                name="credit_line_subject_unique",
                violation_error_message="Этот предмет в заявлении уже есть.",
            ),
            models.CheckConstraint(
                condition=Q(external_hours__gt=0),
                name="credit_line_hours_positive",
                violation_error_message="Объём часов должен быть больше нуля.",
            ),
            models.CheckConstraint(
                condition=~Q(decision="credited") | ~Q(credited_value=""),
                name="credit_line_credited_has_value",
            ),
        ]

    def __str__(self):
        return f"{self.subject} ← {self.external_name} ({self.external_result})"

    @property
    def original_result(self) -> str:
        """The result as obtained elsewhere, for the credited mark's note."""
        return (
            f"«{self.external_result}» ({ScaleKind(self.external_scale).label.lower()}), "
            f"{self.external_name}, {self.external_hours} ч"
        )


class AttachmentKind(models.TextChoices):
    EXTRACT = "extract", "Справка (выписка) с отметками, заверенная организацией"
    EDUCATION_DOCUMENT = "education", "Документ об образовании (об обучении)"
    OTHER = "other", "Иной документ"


class Attachment(StoredFile):
    """A document attached to the application, checked and kept like evidence scans."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name="заявление"
    )
    kind = models.CharField("вид", max_length=20, choices=AttachmentKind.choices)
    file = models.FileField("файл", upload_to="credit/", max_length=300)

    class Meta(StoredFile.Meta):
        verbose_name = "приложенный документ"
        verbose_name_plural = "приложенные документы"


class ApplicationChange(HistoryRow):
    """The history of an application (R-CT-8): every step with who, when, from and to
    (the same status for a step that is not a move, e.g. a teacher's decision)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="changes", verbose_name="заявление"
    )
    old_status = models.CharField("было", max_length=20, choices=Status.choices, blank=True)
    new_status = models.CharField("стало", max_length=20, choices=Status.choices)
    action = models.CharField("действие", max_length=200)
    comment = models.CharField("комментарий", max_length=1000, blank=True)

    class Meta:
        verbose_name = "шаг рассмотрения заявления"
        verbose_name_plural = "история заявлений о зачёте"
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.action} ({self.changed_at:%d.%m.%Y %H:%M})"


class Notification(models.Model):
    """A message to the applicant, written in the same transaction as the step it
    reports and delivered afterwards by a background task: what the family was told,
    and when it left, stays on record."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="заявление",
    )
    change = models.ForeignKey(
        ApplicationChange,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="шаг",
    )
    recipient = models.EmailField("кому", blank=True)
    subject = models.CharField("тема", max_length=300)
    body = models.TextField("текст")
    created_at = models.DateTimeField("создано", auto_now_add=True)
    sent_at = models.DateTimeField("отправлено", null=True, blank=True)
    error = models.CharField("ошибка отправки", max_length=500, blank=True)

    class Meta:
        verbose_name = "уведомление семье"
        verbose_name_plural = "уведомления семьям"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.recipient or 'без адреса'}: {self.subject}"
