"""Period snapshots (R-AR-1): the results of a closed study period (or of a year once
its year marks are set) frozen into files — a workbook, the summary statement and the
journal printout per class, the data as JSON Lines — listed with their SHA-256 in a
manifest that also holds the previous snapshot's manifest hash (the chain, R-AR-2).

Names of people, classes and periods are kept as text besides the foreign keys: the
archive outlives the records, and a restored archive (archive_restore) has no rows to
point at."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from common.models import HistoryRow


class SnapshotStatus(models.TextChoices):
    QUEUED = "queued", "В очереди"
    RUNNING = "running", "Формируется"
    FAILED = "failed", "Не сформирован"
    COMPLETE = "complete", "Сформирован"


class TransferStatus(models.TextChoices):
    """Custody of a complete snapshot (000 §6.7): the deputy hands it to the clerk,
    who accepts it into the archive or returns it with a comment."""

    KEPT = "kept", "У заместителя директора"
    HANDED = "handed", "Передан в архив, ожидает приёма"
    ACCEPTED = "accepted", "Принят в архив"


# The one value the run key takes while a snapshot is queued or running: a unique
# column, so two runs at once are refused by the database itself, on either backend.
BUSY = "busy"


class Snapshot(models.Model):
    number = models.PositiveIntegerField(
        "номер в цепочке", null=True, blank=True, unique=True, editable=False
    )
    year = models.ForeignKey(
        "learners.AcademicYear",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="учебный год",
    )
    # Empty for a snapshot of the whole year (year and final marks).
    period = models.ForeignKey(
        "learners.StudyPeriod",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="учебный период",
    )
    title = models.CharField("что архивировано", max_length=300)
    period_ends_on = models.DateField("окончание периода")
    whole_organisation = models.BooleanField("вся организация", default=False)
    groups = models.ManyToManyField(
        "learners.StudyGroup", blank=True, related_name="+", verbose_name="классы"
    )
    group_names = models.TextField("классы (наименования)", blank=True)
    status = models.CharField(
        "состояние", max_length=10, choices=SnapshotStatus.choices, default=SnapshotStatus.QUEUED
    )
    run_key = models.CharField(max_length=10, null=True, blank=True, unique=True, editable=False)
    stage = models.CharField("этап", max_length=300, blank=True)
    done = models.PositiveIntegerField("готово классов", default=0)
    total = models.PositiveIntegerField("всего классов", default=0)
    heartbeat_at = models.DateTimeField("последний признак работы", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("попыток", default=0)
    task_id = models.CharField("задача", max_length=64, blank=True, editable=False)
    error = models.TextField("причина ошибки", blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто начал",
    )
    started_by_name = models.CharField("кто начал (ФИО)", max_length=300, blank=True)
    created_at = models.DateTimeField("начат", default=timezone.now)
    finished_at = models.DateTimeField("сформирован", null=True, blank=True)
    software_version = models.CharField("версия программы", max_length=50, blank=True)
    manifest_name = models.CharField("манифест (файл)", max_length=300, blank=True)
    manifest_sha256 = models.CharField("SHA-256 манифеста", max_length=64, blank=True)
    previous_sha256 = models.CharField(
        "SHA-256 манифеста предыдущего снимка", max_length=64, blank=True
    )
    file_count = models.PositiveIntegerField("файлов", default=0)
    total_size = models.PositiveBigIntegerField("объём, байт", default=0)
    transfer_status = models.CharField(
        "передача в архив",
        max_length=10,
        choices=TransferStatus.choices,
        default=TransferStatus.KEPT,
    )
    handed_at = models.DateTimeField("передан", null=True, blank=True)
    handed_by_name = models.CharField("кто передал", max_length=300, blank=True)
    accepted_at = models.DateTimeField("принят", null=True, blank=True)
    accepted_by_name = models.CharField("кто принял", max_length=300, blank=True)

    class Meta:
        verbose_name = "снимок периода"
        verbose_name_plural = "снимки периодов"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=SnapshotStatus.COMPLETE, number__isnull=False)
                & ~Q(manifest_sha256="")
                | ~Q(status=SnapshotStatus.COMPLETE) & Q(number__isnull=True),
                name="snapshot_complete_has_manifest",
                violation_error_message="Сформированный снимок имеет номер и манифест.",
            ),
            models.CheckConstraint(
                condition=Q(run_key__isnull=True)
                | Q(status__in=[SnapshotStatus.QUEUED, SnapshotStatus.RUNNING]),
                name="snapshot_run_key_while_running",
                violation_error_message="Ключ запуска есть только у формируемого снимка.",
            ),
        ]

    def __str__(self):
        return f"Снимок № {self.number or '—'}: {self.title}"

    @property
    def percent(self) -> int:
        if self.status == SnapshotStatus.COMPLETE:
            return 100
        if not self.total:
            return 0
        # The last step (manifest) is left for 100 %: a full bar means done.
        return min(99, self.done * 100 // (self.total + 1))

    @property
    def in_progress(self) -> bool:
        return self.status in (SnapshotStatus.QUEUED, SnapshotStatus.RUNNING)


class SnapshotChange(HistoryRow):
    """A step of the transfer to the archive: who, when, from, to, comment."""

    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.PROTECT, related_name="changes", verbose_name="снимок"
    )
    old_status = models.CharField("было", max_length=10, choices=TransferStatus.choices)
    new_status = models.CharField("стало", max_length=10, choices=TransferStatus.choices)
    comment = models.CharField("комментарий", max_length=500, blank=True)

    class Meta(HistoryRow.Meta):
        verbose_name = "шаг передачи в архив"
        verbose_name_plural = "история передачи снимков в архив"

    def __str__(self):
        return f"{self.snapshot}: {self.get_new_status_display()}"


class FileKind(models.TextChoices):
    WORKBOOK = "workbook", "Книга XLSX: сводная ведомость и журнал"
    SUMMARY_PDF = "summary_pdf", "Сводная ведомость, PDF/A"
    JOURNAL_PDF = "journal_pdf", "Журнал, PDF/A"
    DATA = "data", "Данные, JSON Lines"


class ArchiveFile(models.Model):
    """One file of a snapshot. Destruction (by an approved act) removes the bytes and
    keeps this row: the manifest still lists the file, and verification knows why it
    is gone."""

    snapshot = models.ForeignKey(
        Snapshot, on_delete=models.PROTECT, related_name="files", verbose_name="снимок"
    )
    name = models.CharField("имя в снимке", max_length=300)
    kind = models.CharField("вид", max_length=20, choices=FileKind.choices)
    group = models.ForeignKey(
        "learners.StudyGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="класс",
    )
    group_name = models.CharField("класс (наименование)", max_length=100, blank=True)
    document_type = models.ForeignKey(
        "archive.RetentionRule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="files",
        verbose_name="вид документа по номенклатуре",
    )
    keep_until = models.DateField(
        "хранить до",
        null=True,
        blank=True,
        help_text="Пусто: постоянно или до минования надобности.",
    )
    content_type = models.CharField("тип", max_length=100)
    size = models.PositiveBigIntegerField("размер, байт")
    sha256 = models.CharField("SHA-256", max_length=64)
    storage_name = models.CharField("имя в хранилище", max_length=500, unique=True)
    destroyed_at = models.DateTimeField("уничтожен", null=True, blank=True)
    destruction_act = models.ForeignKey(
        "archive.DestructionAct",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="destroyed_files",
        verbose_name="акт об уничтожении",
    )

    class Meta:
        verbose_name = "файл архива"
        verbose_name_plural = "файлы архива"
        ordering = ["snapshot", "group_name", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "name"], name="archive_file_unique_name"),
        ]

    def __str__(self):
        return self.name
