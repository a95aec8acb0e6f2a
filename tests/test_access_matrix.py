"""The access matrix (R-SEC-2, R-SEC-3; issue «It holds»): every URL pattern of
``config.urls``, the admin's included, read from the resolver, × every role × an own and
a foreign object, with the exact answer. A pattern without an expectation fails
``test_matrix_covers_every_url``, so no page added later can be forgotten.

The school is the demo school (``demo_school --scale demo``) built once for the module,
seen through its demo accounts. «Own» is the object that belongs to the role's scope:
the pupil Соколов of 7А (the learner ``uchenik``, son of ``roditel``, taught algebra by
``uchitel``, class teacher ``klassruk``), his class, his algebra journal, his achievement
and his credit-transfer application; for the customer, a pupil of the robotics club under
their contract. «Foreign» is the same kind of object from 11Б, which none of these
accounts teaches or represents. The deputy, the director, the clerk and the administrator
have no foreign object in the roster, but the clerk and the administrator see no results.
"""

import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Max
from django.test import override_settings
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from achievements.events.services import event_create
from achievements.models import (
    AcademicDebt,
    Achievement,
    AchievementCategory,
    AchievementStatus,
    AttestationCommission,
    CellChange,
    DebtAttempt,
    DebtStatus,
    DiagnosticChange,
    DiagnosticResult,
    Event,
    EventParticipant,
    Evidence,
    ExternalAssessment,
    ExternalKind,
    ExternalResult,
    FinalAttestationChange,
    FinalAttestationResult,
    JournalCell,
    Lesson,
    LevelResult,
    LevelResultChange,
    MarkKind,
    PeriodMark,
    StateExamResult,
    StateExamResultChange,
)
from achievements.selectors import current_period
from archive.models import (
    ArchiveFile,
    CertificateEntry,
    DestructionAct,
    Disclosure,
    InfoRequest,
    IssuedDocument,
    RegisterCounter,
    RequestChange,
    Snapshot,
    SnapshotStatus,
)
from credit_transfer.models import Application, ApplicationLine, Attachment, Status
from learners.models import (
    Consent,
    Enrollment,
    Learner,
    StudyGroup,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)
from rewards.models import Reward, RewardChange, RewardOrder
from tests.achievements.debts.factories import AcademicDebtFactory
from tests.achievements.portfolio.factories import AchievementFactory, EvidenceFactory
from tests.credit_transfer.factories import AttachmentFactory

pytestmark = pytest.mark.django_db

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

ROLES = [
    "anonymous",
    "learner",
    "parent",
    "teacher",
    "class_teacher",
    "deputy",
    "director",
    "clerk",
    "customer",
    "administrator",
]
LOGIN = {
    "learner": "uchenik",
    "parent": "roditel",
    "teacher": "uchitel",
    "class_teacher": "klassruk",
    "deputy": "zavuch",
    "director": "direktor",
    "clerk": "deloproizv",
    "customer": "zakazchik",
    "administrator": "admin",
}
ADMIN_SITE = ("deputy", "director", "clerk", "administrator")


# --- the school ---------------------------------------------------------------------------------


@dataclass
class Objects:
    """Primary keys of the own (index 0) and foreign (index 1) object of each kind."""

    learner: tuple[int, int]
    customer_learner: int
    group: tuple[int, int]
    customer_group: int
    journal: tuple[tuple[int, int, int], tuple[int, int, int]]
    year: int
    lesson: tuple[int, int]
    cell_learner: tuple[int, int]
    achievement: tuple[int, int]
    evidence: tuple[int, int]
    application: tuple[int, int]
    attachment: tuple[int, int]
    line: tuple[int, int]
    users: dict[str, int]
    # The archive's snapshot, file and act (archive/): the keepers see all of them, so
    # there is no foreign one; the same object serves both columns.
    archive: dict[str, int] | None = None
    # Rewards (rewards/): a granted reward by the director's order and a scan of a
    # reward from elsewhere, own and foreign; the order lists both, so one serves.
    reward: tuple[int, int] = (0, 0)
    reward_evidence: tuple[int, int] = (0, 0)
    reward_order: int = 0
    # Documents (archive/documents/): an issued document and a request, own and
    # foreign; the book of certificates' entry and its supplement (office pages only).
    document: tuple[int, int] = (0, 0)
    info_request: tuple[int, int] = (0, 0)
    certificate_entry: int = 0
    supplement: int = 0
    # Consent to personal-data processing (learners/consent.py): the son's, from his
    # mother, and one of the foreign class (not every demo learner has one).
    consent: tuple[int, int] = (0, 0)
    # The register of events (achievements/events/): an event of the son's class only
    # and one of 11Б only.
    event: tuple[int, int] = (0, 0)
    # Academic debts (achievements/debts/): the son's in the own journal's subject, and
    # the stranger's in 11Б's.
    debt: tuple[int, int] = (0, 0)
    # External assessment (achievements/external/): the demo's regional diagnostic in
    # the own journal's subject for 7th forms, and one of 11Б in the foreign subject.
    external: tuple[int, int] = (0, 0)
    # State exam results (achievements/state_exams/): the demo's past 9А's ОГЭ in
    # mathematics, and 11Б's ЕГЭ in the foreign journal's subject: (class, kind, subject).
    state_exam: tuple = ((0, "", 0), (0, "", 0))
    # Final attestation (achievements/final_attestation/): a training group taught by the
    # demo teacher and led by the demo class teacher, another with neither; each with a
    # commission without results, so that no protocol can be issued (nothing changes).
    training_group: tuple[int, int] = (0, 0)
    commission: tuple[int, int] = (0, 0)
    # Levels of additional education (achievements/levels/): an association the demo
    # teacher teaches with the son in it, and another with the stranger: (group, subject).
    association: tuple[tuple[int, int], tuple[int, int]] = ((0, 0), (0, 0))


def _journal(group, teacher_login=None):
    assignments = TeachingAssignment.objects.filter(group=group).order_by("subject__name")
    if teacher_login:
        assignments = assignments.filter(teacher__user__username=teacher_login)
    assignment = assignments.first()
    periods = list(StudyPeriod.objects.filter(year=group.year).order_by("starts_on"))
    period = current_period(periods)
    lesson = (
        Lesson.objects.filter(group=group, subject=assignment.subject, period=period)
        .order_by("date", "number")
        .first()
    )
    return (group.pk, assignment.subject_id, period.pk), lesson


def _log_rows(son, evidence, users, *, subject_id, year_id):
    """A row in each register the demo leaves empty, so that the admin's pages of
    every registered model are opened on a real object."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_tasks_db.models import DBTaskResult

    from achievements.models import StateExamKind
    from common.models import DocumentDownload
    from learners.models import LearnerStatus
    from learners.services import learner_status_change

    parent = get_user_model().objects.get(pk=users["roditel"])
    deputy = get_user_model().objects.get(pk=users["zavuch"])
    for status in (LearnerStatus.ON_LEAVE, LearnerStatus.STUDYING):
        learner_status_change(learner=son, status=status, reason="Заявление", actor=deputy)
    exam = StateExamResult.objects.create(
        learner=son, subject_id=subject_id, year_id=year_id, kind=StateExamKind.OGE,
        exam_date=date(2026, 5, 26), score=25, mark="4",
    )  # fmt: skip
    StateExamResultChange.objects.create(
        result=exam, changed_by=deputy, new_value="дата 26.05.2026, баллы 25, отметка 4",
        reason="Ввод результатов",
    )  # fmt: skip
    DocumentDownload.objects.create(
        user=parent, kind="portfolio_pdf",
        object_type="learners.learner", object_id=son.pk, object_repr=son.full_name,
        filename="Портфолио.pdf", size=1, sha256="0" * 64,
    )  # fmt: skip
    attempt = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "roditel",
               "http_accept": "*/*", "path_info": "/login/"}  # fmt: skip
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**attempt)
    AccessFailureLog.objects.create(**attempt)
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="credit_transfer.tasks.send",
        backend_name="default", run_after=timezone.now(), exception_class_path="",
        traceback="",
    )  # fmt: skip


def _build(media_root) -> Objects:
    # The demo's archive snapshot is written beside the media, not into the checkout.
    storages = {
        **settings.STORAGES,
        "archive": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media_root / "demo-archive")},
        },
    }
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media_root, STORAGES=storages):
        call_command("demo_school", "--scale", "demo", stdout=io.StringIO())
        users = dict(get_user_model().objects.values_list("username", "pk"))
        son = Learner.objects.get(user__username="uchenik")
        own_group = StudyGroup.objects.get(enrollments__learner=son, name="7А")
        foreign_group = StudyGroup.objects.get(name="11Б", year=own_group.year)
        stranger = (
            Learner.objects.filter(
                enrollments__group=foreign_group, enrollments__ended_on__isnull=True
            )
            .order_by("pk")
            .first()
        )
        club = StudyGroup.objects.get(name="Робототехника-1")
        contracted = (
            Enrollment.objects.filter(group=club, customer__users__username="zakazchik")
            .order_by("learner_id")
            .first()
            .learner_id
        )
        own_journal, own_lesson = _journal(own_group, "uchitel")
        foreign_journal, foreign_lesson = _journal(foreign_group)
        achievements = [
            AchievementFactory(learner=learner, status=AchievementStatus.CONFIRMED)
            for learner in (son, stranger)
        ]
        evidence = [EvidenceFactory(achievement=a) for a in achievements]
        _log_rows(son, evidence[0], users, subject_id=own_journal[1], year_id=own_group.year_id)
        own_application = Application.objects.get(learner=son)
        foreign_application = (
            Application.objects.exclude(learner=son)
            .filter(status=Status.SUBMITTED)
            .order_by("pk")
            .first()
        )
        attachments = [
            application.attachments.order_by("pk").first()
            or AttachmentFactory(application=application)
            for application in (own_application, foreign_application)
        ]
        events = [
            event_create(
                fields={
                    "title": f"Конкурс чтецов {name}",
                    "category": AchievementCategory.objects.get(code="olympiad"),
                    "level": "school",
                    "starts_on": own_group.year.starts_on,
                    "ends_on": own_group.year.starts_on,
                    "organiser": "МАОУ СОШ № 17",
                    "subject_area": "",
                    "description": "",
                },
                participants=[(learner, "winner")],
                actor=get_user_model().objects.get(username="zavuch"),
            )
            for name, learner in (("7А", son), ("11Б", stranger))
        ]
        return Objects(
            **_training_rows(own_group.year, users),
            external=_external(own_journal, foreign_journal, foreign_group, users["zavuch"]),
            state_exam=(
                (
                    StudyGroup.objects.get(
                        name="9А", year__ends_on__lt=own_group.year.starts_on
                    ).pk,
                    "oge",
                    Subject.objects.get(name="Математика").pk,
                ),
                (foreign_group.pk, "ege", foreign_journal[1]),
            ),
            event=(events[0].pk, events[1].pk),
            debt=(
                _debt(son, own_journal, own_group, users["zavuch"]),
                _debt(stranger, foreign_journal, foreign_group, users["zavuch"]),
            ),
            learner=(son.pk, stranger.pk),
            customer_learner=contracted,
            group=(own_group.pk, foreign_group.pk),
            customer_group=club.pk,
            journal=(own_journal, foreign_journal),
            year=own_group.year_id,
            lesson=(own_lesson.pk, foreign_lesson.pk),
            cell_learner=(son.pk, stranger.pk),
            achievement=(achievements[0].pk, achievements[1].pk),
            evidence=(evidence[0].pk, evidence[1].pk),
            application=(own_application.pk, foreign_application.pk),
            attachment=(attachments[0].pk, attachments[1].pk),
            line=tuple(
                ApplicationLine.objects.filter(application=a).order_by("pk").first().pk
                for a in (own_application, foreign_application)
            ),
            users=users,
            consent=(
                Consent.objects.get(learner=son).pk,
                Consent.objects.filter(learner__enrollments__group=foreign_group)
                .order_by("pk")
                .first()
                .pk,
            ),
            archive=_archive_rows(users),
            **_reward_rows(son, stranger, users),
            **_document_rows(son, stranger, users),
            # After the documents: they look up the stranger's one open enrollment.
            association=_associations(own_group.year, son, stranger, users),
        )


def _external(own_journal, foreign_journal, foreign_group, user_id) -> tuple[int, int]:
    own_group_id, own_subject_id, _ = own_journal
    own = ExternalAssessment.objects.get(
        subject_id=own_subject_id, grade=StudyGroup.objects.get(pk=own_group_id).grade
    )
    foreign = ExternalAssessment.objects.create(
        kind=ExternalKind.REGIONAL, title="Региональная диагностика, 11 класс",
        subject_id=foreign_journal[1], grade=foreign_group.grade, year=foreign_group.year,
        held_on=foreign_group.year.starts_on, max_score=20, created_by_id=user_id,
    )  # fmt: skip
    return own.pk, foreign.pk


def _training_rows(year, users) -> dict:
    """Two groups of a ДПП in the school's year, each before a commission with no
    results yet: the first taught by ``uchitel`` and led by ``klassruk``."""
    from achievements.final_attestation.services import commission_save
    from learners.models import GradingScale, ProgrammeLevel, Staff, SubjectKind
    from tests.factories import (
        CurriculumLineFactory,
        ProgrammeFactory,
        StudyGroupFactory,
        SubjectFactory,
        TeachingAssignmentFactory,
    )

    programme = ProgrammeFactory(
        name="Охрана труда для руководителей", level=ProgrammeLevel.ADVANCED_TRAINING
    )
    module = SubjectFactory(name="Модуль 1. Основы охраны труда", kind=SubjectKind.MODULE)
    CurriculumLineFactory(programme=programme, subject=module, grade=1, hours=16)
    deputy = get_user_model().objects.get(pk=users["zavuch"])
    groups, commissions = [], []
    for name, curator in (("ОТ-1", "klassruk"), ("ОТ-2", None)):
        group = StudyGroupFactory(
            year=year,
            programme=programme,
            grade=1,
            name=name,
            class_teacher=Staff.objects.get(user__username=curator) if curator else None,
        )
        if curator:
            TeachingAssignmentFactory(
                teacher=Staff.objects.get(user__username="uchitel"), group=group, subject=module
            )
        groups.append(group.pk)
        commissions.append(
            commission_save(
                group=group,
                held_on=timezone.localdate(),
                order_reference="Приказ № 1-о",
                chair_name="Сидоров Пётр Николаевич",
                chair_position="представитель работодателя",
                scale=GradingScale.objects.get(code="five-point"),
                members=[("Кузнецова Ольга Викторовна", ""), ("Лебедев Андрей Сергеевич", "")],
                actor=deputy,
            ).pk
        )
    # A work mark with no final mark in the foreign commission: its result and history
    # rows open in the admin, and the protocol is still refused (no final mark).
    from achievements.models import FinalAttestationChange, FinalAttestationResult
    from tests.factories import EnrollmentFactory, LearnerFactory

    listener = LearnerFactory(last_name="Слушателева")
    EnrollmentFactory(learner=listener, group_id=groups[1], started_on=year.starts_on)
    result = FinalAttestationResult.objects.create(
        commission_id=commissions[1], learner=listener, work_mark="4", updated_by=deputy
    )
    FinalAttestationChange.objects.create(
        result=result, field="work_mark", new_value="4", changed_by=deputy, reason="Ввод"
    )
    return {"training_group": tuple(groups), "commission": tuple(commissions)}


def _associations(year, son, stranger, users) -> tuple:
    """Two associations of additional education on the levels scale: the son's, taught
    by ``uchitel``, and the stranger's, taught by nobody the matrix signs in as."""
    from learners.models import GradingScale, ProgrammeLevel, Staff
    from tests.factories import (
        CurriculumLineFactory,
        EnrollmentFactory,
        ProgrammeFactory,
        StudyGroupFactory,
        SubjectFactory,
        TeachingAssignmentFactory,
    )

    programme = ProgrammeFactory(name="Шахматы", level=ProgrammeLevel.ADDITIONAL_DEVELOPING)
    subject = SubjectFactory(
        name="Шахматная школа", grading_scale=GradingScale.objects.get(code="levels")
    )
    CurriculumLineFactory(programme=programme, subject=subject, grade=1, hours=72)
    found = []
    for name, learner, teacher in (("Шахматы-1", son, "uchitel"), ("Шахматы-2", stranger, None)):
        group = StudyGroupFactory(year=year, programme=programme, grade=1, name=name)
        EnrollmentFactory(
            learner=learner, group=group, programme=programme, started_on=year.starts_on
        )
        if teacher:
            TeachingAssignmentFactory(
                teacher=Staff.objects.get(user__username=teacher), group=group, subject=subject
            )
        found.append((group.pk, subject.pk))
    return tuple(found)


def _debt(learner, journal, group, user_id) -> int:
    _, subject_id, period_id = journal
    period = StudyPeriod.objects.get(pk=period_id)
    mark, _ = PeriodMark.objects.update_or_create(
        learner=learner,
        subject_id=subject_id,
        kind=MarkKind.PERIOD,
        period=period,
        defaults={"year": period.year, "value": "2", "proposed": "2", "updated_by_id": user_id},
    )
    # The demo may have opened this mark's debt already (a failing demo mark).
    debt = AcademicDebt.objects.filter(mark=mark, status=DebtStatus.OPEN).first()
    return debt.pk if debt else AcademicDebtFactory(mark=mark, group=group).pk


def _reward_rows(son, stranger, users) -> dict:
    """A reward granted by an order to the son and to the stranger, and a reward from
    elsewhere with its scan for each, recorded by the class teacher."""
    from rewards.models import Origin, RewardStatus
    from tests.rewards.factories import RewardEvidenceFactory, RewardFactory, RewardOrderFactory

    order = RewardOrderFactory(signed_by_id=users["direktor"])
    granted, recorded = [], []
    for learner in (son, stranger):
        year = learner.enrollments.order_by("-started_on").first().group.year
        granted.append(
            RewardFactory(
                learner=learner,
                year=year,
                status=RewardStatus.APPROVED,
                order=order,
                approved_on=order.date,
                created_by_id=users["klassruk"],
            )
        )
        recorded.append(
            RewardFactory(
                learner=learner,
                year=year,
                status=RewardStatus.RECORDED,
                origin=Origin.EXTERNAL,
                source_organisation="ДЮСШ № 2",
                created_by_id=users["roditel"],
            )
        )
    scans = [RewardEvidenceFactory(reward=reward) for reward in recorded]
    return {
        "reward": (granted[0].pk, granted[1].pk),
        "reward_evidence": (scans[0].pk, scans[1].pk),
        "reward_order": order.pk,
    }


def _document_rows(son, stranger, users) -> dict:
    """A journal extract issued to each family and a request of each, through the
    services; the stranger of 11Б graduates, so his certificate is in the book."""
    from achievements.models import MarkKind
    from archive.documents.certificates import certificate_record
    from archive.documents.services import issue_document
    from archive.models import DocumentKind, RequestStatus
    from learners.models import CurriculumLine
    from tests.achievements.factories import PeriodMarkFactory
    from tests.archive.documents.factories import InfoRequestFactory

    deputy = get_user_model().objects.get(pk=users["zavuch"])
    documents = [
        issue_document(
            kind=DocumentKind.JOURNAL_EXTRACT,
            learner=learner,
            to_family=True,
            recipient=learner.full_name,
            purpose="для предъявления по месту требования",
            actor=deputy,
        )
        for learner in (son, stranger)
    ]
    requests = [
        # Withdrawn, so that no POST of the walk can answer them.
        InfoRequestFactory(
            learner=learner, created_by=deputy, applicant=None, status=RequestStatus.WITHDRAWN
        )
        for learner in (son, stranger)
    ]
    enrollment = stranger.enrollments.select_related("group").get(ended_on__isnull=True)
    subjects = CurriculumLine.objects.filter(programme=enrollment.group.programme)
    for subject_id in sorted(set(subjects.values_list("subject_id", flat=True))):
        PeriodMarkFactory(
            learner=stranger, subject_id=subject_id, kind=MarkKind.FINAL, period=None,
            year=enrollment.group.year, value="4", proposed="4", updated_by=deputy,
        )  # fmt: skip
    entry = certificate_record(
        learner=stranger, academic_year=enrollment.group.year,
        document_title="Аттестат о среднем общем образовании", series="",
        blank_number="77000000000001", issued_on=timezone.localdate(),
        received_by=stranger.full_name, actor=deputy,
    )  # fmt: skip
    return {
        "document": (documents[0].pk, documents[1].pk),
        "info_request": (requests[0].pk, requests[1].pk),
        "certificate_entry": entry.pk,
        "supplement": entry.supplement_id,
    }


ARCHIVE_FILE = "snapshots/000001/000001-1.jsonl"
ARCHIVE_MANIFEST = "snapshots/000001/manifest.json"
ARCHIVE_BYTES = b"{}"
ARCHIVE_BYTES_SHA256 = hashlib.sha256(ARCHIVE_BYTES).hexdigest()


def _archive_rows(users) -> dict[str, int]:
    """A complete snapshot handed to the clerk, with one file and a draft act of its
    destruction, written as rows: the demo's closed quarter would take a whole build.
    Their bytes go into each test's fresh archive storage (``_archive_bytes``)."""
    # After the demo's own snapshot (archive/demo.py), as the next link of the chain.
    snapshot = Snapshot.objects.create(
        number=Snapshot.objects.aggregate(last=Max("number"))["last"] + 1,
        title="1-я четверть (демо)",
        period_ends_on=date(2026, 10, 25),
        whole_organisation=True,
        group_names="7А",
        status=SnapshotStatus.COMPLETE,
        manifest_name=ARCHIVE_MANIFEST,
        manifest_sha256=ARCHIVE_BYTES_SHA256,
        file_count=1,
        total_size=2,
        transfer_status="handed",
        handed_at=timezone.now(),
        handed_by_name="Завьялова Ирина",
    )
    archive_file = ArchiveFile.objects.create(
        snapshot=snapshot,
        name="7А/7А — данные.jsonl",
        kind="data",
        group_name="7А",
        keep_until=date(2020, 1, 1),
        content_type="application/jsonl",
        size=2,
        sha256=ARCHIVE_BYTES_SHA256,
        storage_name=ARCHIVE_FILE,
    )
    act = DestructionAct.objects.create(created_by_id=users["deloproizv"])
    act.files.add(archive_file)
    return {"snapshot": snapshot.pk, "file": archive_file.pk, "act": act.pk}


@pytest.fixture(autouse=True)
def _archive_bytes(_fast_and_isolated):
    """The archive storage is fresh in every test (tests/conftest.py): the module's
    snapshot gets its bytes there again, so that its downloads answer as in use."""
    from archive.storage import archive_storage, write

    for name in (ARCHIVE_FILE, ARCHIVE_MANIFEST):
        write(archive_storage(), name, ARCHIVE_BYTES)


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def school(django_db_setup, django_db_blocker, media_root):
    """Built once inside an outer transaction that is rolled back after the module;
    each test runs in a savepoint within it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        objects = _build(media_root)
        # Check the demo's deferred foreign keys once, here: left pending, PostgreSQL
        # checks every one of them again when each test's savepoint is torn down
        # (Django's check_constraints), seconds per test.
        connection.check_constraints()
    yield objects
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _shared_media(settings, media_root):
    settings.MEDIA_ROOT = media_root


def _client(client, school, role):
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(pk=school.users[LOGIN[role]]))
    return client


# --- URLs for own and foreign objects -----------------------------------------------------------


def _external_url(s, which, tail):
    return f"/external/{_pick(s.external, which)}/class/{_pick(s.group, which)}/{tail}"


def _state_exam_url(s, which, tail=""):
    group, kind, subject = _pick(s.state_exam, which)
    return f"/journal/state-exams/{group}/{kind}/{subject}/{tail}"


def _pick(pair, which):
    return pair[0] if which == "own" else pair[1]


def _learner(school, role, which):
    if role == "customer" and which == "own":
        return school.customer_learner
    return _pick(school.learner, which)


def _group(school, role, which):
    if role == "customer" and which == "own":
        return school.customer_group
    return _pick(school.group, which)


def _journal_path(school, which, tail=""):
    group, subject, period = _pick(school.journal, which)
    return f"/journal/{group}/{subject}/{period}/{tail}"


UrlBuilder = Callable[[Objects, str, str], str]

# Pattern → how to build its URL for (school, role, "own"/"foreign").
URLS: dict[str, UrlBuilder] = {
    "favicon.ico": lambda s, r, w: "/favicon.ico",
    "": lambda s, r, w: "/",
    "overview/": lambda s, r, w: "/overview/",
    "my-class/": lambda s, r, w: "/my-class/",
    "teaching/": lambda s, r, w: "/teaching/",
    "children/": lambda s, r, w: "/children/",
    "me/": lambda s, r, w: "/me/",
    "contracted/": lambda s, r, w: "/contracted/",
    "groups/<id:pk>/": lambda s, r, w: f"/groups/{_group(s, r, w)}/",
    "learners/<id:pk>/": lambda s, r, w: f"/learners/{_learner(s, r, w)}/",
    "login/": lambda s, r, w: "/login/",
    "logout/": lambda s, r, w: "/logout/",
    "password/change/": lambda s, r, w: "/password/change/",
    "password/change/done/": lambda s, r, w: "/password/change/done/",
    "password/reset/": lambda s, r, w: "/password/reset/",
    "password/reset/sent/": lambda s, r, w: "/password/reset/sent/",
    "password/reset/<uidb64>/<token>/": lambda s, r, w: "/password/reset/MQ/set-password/",
    "password/reset/done/": lambda s, r, w: "/password/reset/done/",
    "journal/": lambda s, r, w: "/journal/",
    "journal/periods/": lambda s, r, w: "/journal/periods/",
    "journal/cell/": lambda s, r, w: "/journal/cell/",
    "journal/cell/history/": lambda s, r, w: (
        f"/journal/cell/history/?lesson={_pick(s.lesson, w)}&learner={_pick(s.cell_learner, w)}"
    ),
    "journal/period-mark/": lambda s, r, w: "/journal/period-mark/",
    "journal/<id:group_id>/<id:subject_id>/<id:period_id>/": lambda s, r, w: _journal_path(s, w),
    "journal/<id:group_id>/<id:subject_id>/<id:period_id>/lessons/new/": (
        lambda s, r, w: _journal_path(s, w, "lessons/new/")
    ),
    "journal/<id:group_id>/<id:subject_id>/<id:period_id>/lessons/generate/": (
        lambda s, r, w: _journal_path(s, w, "lessons/generate/")
    ),
    "journal/lessons/<id:lesson_id>/": lambda s, r, w: f"/journal/lessons/{_pick(s.lesson, w)}/",
    "journal/<id:group_id>/<id:subject_id>/year/<id:year_id>/": lambda s, r, w: (
        "/journal/{}/{}/year/{}/".format(*_pick(s.journal, w)[:2], s.year)
    ),
    "diary/": lambda s, r, w: "/diary/",
    "learners/search/": lambda s, r, w: "/learners/search/",
    "diary/<id:learner_id>/": lambda s, r, w: f"/diary/{_learner(s, r, w)}/",
    "diary/<id:learner_id>/week/": lambda s, r, w: f"/diary/{_learner(s, r, w)}/week/",
    "dynamics/<id:learner_id>/": lambda s, r, w: f"/dynamics/{_learner(s, r, w)}/",
    "statistics/": lambda s, r, w: "/statistics/",
    "statistics/groups/<id:group_id>/": lambda s, r, w: f"/statistics/groups/{_group(s, r, w)}/",
    "statistics/report.pdf": lambda s, r, w: "/statistics/report.pdf",
    "statistics/report.xlsx": lambda s, r, w: "/statistics/report.xlsx",
    "statistics/attention/": lambda s, r, w: "/statistics/attention/",
    "statistics/self-examination/": lambda s, r, w: "/statistics/self-examination/",
    "statistics/self-examination.xlsx": lambda s, r, w: "/statistics/self-examination.xlsx",
    "roster/import/": lambda s, r, w: "/roster/import/",
    "roster/import/template/": lambda s, r, w: "/roster/import/template/",
    "portfolio/": lambda s, r, w: "/portfolio/",
    "portfolio/gifted/": lambda s, r, w: "/portfolio/gifted/",
    "consents/": lambda s, r, w: "/consents/",
    "external/": lambda s, r, w: "/external/",
    "external/new/": lambda s, r, w: "/external/new/",
    "external/<id:pk>/": lambda s, r, w: f"/external/{_pick(s.external, w)}/",
    "external/<id:pk>/class/<id:group_pk>/": lambda s, r, w: _external_url(s, w, ""),
    "external/<id:pk>/class/<id:group_pk>/template.xlsx": (
        lambda s, r, w: _external_url(s, w, "template.xlsx")
    ),
    "external/<id:pk>/class/<id:group_pk>/import/": lambda s, r, w: _external_url(s, w, "import/"),
    "journal/diagnostics/": lambda s, r, w: "/journal/diagnostics/",
    "journal/diagnostics/<id:group_id>/<id:period_id>/": lambda s, r, w: (
        f"/journal/diagnostics/{_pick(s.journal, w)[0]}/{_pick(s.journal, w)[2]}/"
    ),
    "journal/diagnostics/learner/<id:learner_id>/": lambda s, r, w: (
        f"/journal/diagnostics/learner/{_pick(s.learner, w)}/"
    ),
    "journal/state-exams/": lambda s, r, w: "/journal/state-exams/",
    "journal/state-exams/<id:group_pk>/<str:kind>/<id:subject_pk>/": (
        lambda s, r, w: _state_exam_url(s, w)
    ),
    "journal/state-exams/<id:group_pk>/<str:kind>/<id:subject_pk>/template.xlsx": (
        lambda s, r, w: _state_exam_url(s, w, "template.xlsx")
    ),
    "journal/state-exams/<id:group_pk>/<str:kind>/<id:subject_pk>/import/": (
        lambda s, r, w: _state_exam_url(s, w, "import/")
    ),
    "contracts/groups/<id:pk>/": lambda s, r, w: f"/contracts/groups/{_group(s, r, w)}/",
    "contracts/groups/<id:pk>/xlsx/": lambda s, r, w: f"/contracts/groups/{_group(s, r, w)}/xlsx/",
    "final-attestation/": lambda s, r, w: "/final-attestation/",
    "final-attestation/group/<id:group_id>/new/": lambda s, r, w: (
        f"/final-attestation/group/{_pick(s.training_group, w)}/new/"
    ),
    "final-attestation/<id:pk>/": lambda s, r, w: f"/final-attestation/{_pick(s.commission, w)}/",
    "final-attestation/<id:pk>/edit/": lambda s, r, w: (
        f"/final-attestation/{_pick(s.commission, w)}/edit/"
    ),
    "documents/final-protocol/<id:pk>/": lambda s, r, w: (
        f"/documents/final-protocol/{_pick(s.commission, w)}/"
    ),
    "levels/": lambda s, r, w: "/levels/",
    "levels/<id:group_id>/<id:subject_id>/<slug:stage>/": lambda s, r, w: (
        "/levels/{}/{}/entry/".format(*_pick(s.association, w))
    ),
    "levels/sheet/<id:learner_id>/<id:group_id>/": lambda s, r, w: (
        f"/levels/sheet/{_pick(s.learner, w)}/{_pick(s.association, w)[0]}/"
    ),
    "levels/sheet/<id:learner_id>/<id:group_id>/pdf/": lambda s, r, w: (
        f"/levels/sheet/{_pick(s.learner, w)}/{_pick(s.association, w)[0]}/pdf/"
    ),
    "journal/debts/": lambda s, r, w: "/journal/debts/",
    "journal/debts/<id:pk>/": lambda s, r, w: f"/journal/debts/{_pick(s.debt, w)}/",
    "journal/debts/<id:pk>/attempt/": lambda s, r, w: f"/journal/debts/{_pick(s.debt, w)}/attempt/",
    "journal/debts/<id:pk>/deadline/": (
        lambda s, r, w: f"/journal/debts/{_pick(s.debt, w)}/deadline/"
    ),
    "portfolio/events/": lambda s, r, w: "/portfolio/events/",
    "portfolio/events/new/": lambda s, r, w: "/portfolio/events/new/",
    "portfolio/events/<id:event_id>/": lambda s, r, w: f"/portfolio/events/{_pick(s.event, w)}/",
    "portfolio/events/<id:event_id>/edit/": (
        lambda s, r, w: f"/portfolio/events/{_pick(s.event, w)}/edit/"
    ),
    "portfolio/events/<id:event_id>/groups/": (
        lambda s, r, w: f"/portfolio/events/{_pick(s.event, w)}/groups/"
    ),
    # One event; the class is the son's or 11Б.
    "portfolio/events/<id:event_id>/groups/<id:group_id>/": (
        lambda s, r, w: f"/portfolio/events/{s.event[0]}/groups/{_group(s, r, w)}/"
    ),
    "consents/<id:pk>/withdraw/": lambda s, r, w: f"/consents/{_pick(s.consent, w)}/withdraw/",
    "learners/<id:pk>/consents/": lambda s, r, w: f"/learners/{_learner(s, r, w)}/consents/",
    "children/consents/": lambda s, r, w: "/children/consents/",
    "children/<id:learner_id>/consent/": (
        lambda s, r, w: f"/children/{_learner(s, r, w)}/consent/"
    ),
    "portfolio/gifted/registered/": lambda s, r, w: "/portfolio/gifted/registered/",
    "portfolio/gifted/registered/<id:learner_id>/": (
        lambda s, r, w: f"/portfolio/gifted/registered/{_learner(s, r, w)}/"
    ),
    "portfolio/learners/<id:learner_id>/": (
        lambda s, r, w: f"/portfolio/learners/{_learner(s, r, w)}/"
    ),
    "portfolio/learners/<id:learner_id>/new/": (
        lambda s, r, w: f"/portfolio/learners/{_learner(s, r, w)}/new/"
    ),
    "portfolio/learners/<id:learner_id>/pdf/": (
        lambda s, r, w: f"/portfolio/learners/{_learner(s, r, w)}/pdf/"
    ),
    "portfolio/groups/<id:group_id>/": lambda s, r, w: f"/portfolio/groups/{_group(s, r, w)}/",
    "portfolio/achievements/<id:achievement_id>/": (
        lambda s, r, w: f"/portfolio/achievements/{_pick(s.achievement, w)}/"
    ),
    "portfolio/achievements/<id:achievement_id>/decide/": (
        lambda s, r, w: f"/portfolio/achievements/{_pick(s.achievement, w)}/decide/"
    ),
    "portfolio/achievements/<id:achievement_id>/evidence/": (
        lambda s, r, w: f"/portfolio/achievements/{_pick(s.achievement, w)}/evidence/"
    ),
    "portfolio/evidence/<id:evidence_id>/": (
        lambda s, r, w: f"/portfolio/evidence/{_pick(s.evidence, w)}/"
    ),
    "credit/": lambda s, r, w: "/credit/",
    "credit/new/": lambda s, r, w: "/credit/new/",
    "credit/line-form/": lambda s, r, w: "/credit/line-form/?lines-TOTAL_FORMS=1",
    "credit/line-checks/": lambda s, r, w: "/credit/line-checks/?prefix=lines-0",
    "credit/line-subjects/": lambda s, r, w: "/credit/line-subjects/?lines-TOTAL_FORMS=1",
    "credit/<id:pk>/": lambda s, r, w: f"/credit/{_pick(s.application, w)}/",
    "credit/<id:pk>/edit/": lambda s, r, w: f"/credit/{_pick(s.application, w)}/edit/",
    "credit/<id:pk>/withdraw/": lambda s, r, w: f"/credit/{_pick(s.application, w)}/withdraw/",
    "credit/<id:pk>/attachments/": (
        lambda s, r, w: f"/credit/{_pick(s.application, w)}/attachments/"
    ),
    "credit/<id:pk>/<slug:kind>.pdf": (
        lambda s, r, w: f"/credit/{_pick(s.application, w)}/application.pdf"
    ),
    "credit/attachments/<id:pk>/": lambda s, r, w: f"/credit/attachments/{_pick(s.attachment, w)}/",
    "credit/attachments/<id:pk>/delete/": (
        lambda s, r, w: f"/credit/attachments/{_pick(s.attachment, w)}/delete/"
    ),
    "credit/lines/<id:pk>/convert/": lambda s, r, w: f"/credit/lines/{_pick(s.line, w)}/convert/",
    "rewards/": lambda s, r, w: "/rewards/",
    "rewards/candidates/": lambda s, r, w: "/rewards/candidates/",
    "rewards/nominate/": lambda s, r, w: f"/rewards/nominate/?learner={_learner(s, r, w)}",
    "rewards/groups/<id:group_id>/": lambda s, r, w: f"/rewards/groups/{_group(s, r, w)}/",
    "rewards/<id:pk>/": lambda s, r, w: f"/rewards/{_pick(s.reward, w)}/",
    "rewards/<id:pk>/transition/": lambda s, r, w: f"/rewards/{_pick(s.reward, w)}/transition/",
    "rewards/pending/": lambda s, r, w: "/rewards/pending/",
    "rewards/orders/": lambda s, r, w: "/rewards/orders/",
    "rewards/orders/<id:pk>/": lambda s, r, w: f"/rewards/orders/{s.reward_order}/",
    "rewards/orders/<id:pk>/order.pdf": lambda s, r, w: (
        f"/rewards/orders/{s.reward_order}/order.pdf"
    ),
    "rewards/<id:pk>/certificate.pdf": (
        lambda s, r, w: f"/rewards/{_pick(s.reward, w)}/certificate.pdf"
    ),
    "rewards/evidence/<id:pk>/": lambda s, r, w: (
        f"/rewards/evidence/{_pick(s.reward_evidence, w)}/"
    ),
    "rewards/learners/<id:learner_id>/": (
        lambda s, r, w: f"/rewards/learners/{_learner(s, r, w)}/"
    ),
    "rewards/learners/<id:learner_id>/request/": (
        lambda s, r, w: f"/rewards/learners/{_learner(s, r, w)}/request/"
    ),
    "archive/": lambda s, r, w: "/archive/",
    "archive/verify/": lambda s, r, w: "/archive/verify/",
    "archive/backup/": lambda s, r, w: "/archive/backup/",
    "archive/snapshots/new/": lambda s, r, w: "/archive/snapshots/new/",
    "archive/snapshots/<id:pk>/": lambda s, r, w: f"/archive/snapshots/{s.archive['snapshot']}/",
    "archive/snapshots/<id:pk>/progress/": (
        lambda s, r, w: f"/archive/snapshots/{s.archive['snapshot']}/progress/"
    ),
    "archive/snapshots/<id:pk>/retry/": (
        lambda s, r, w: f"/archive/snapshots/{s.archive['snapshot']}/retry/"
    ),
    "archive/snapshots/<id:pk>/transfer/": (
        lambda s, r, w: f"/archive/snapshots/{s.archive['snapshot']}/transfer/"
    ),
    "archive/snapshots/<id:pk>/manifest/": (
        lambda s, r, w: f"/archive/snapshots/{s.archive['snapshot']}/manifest/"
    ),
    "archive/snapshots/<id:pk>/act.pdf": (
        lambda s, r, w: f"/archive/snapshots/{s.archive['snapshot']}/act.pdf"
    ),
    "archive/files/<id:pk>/": lambda s, r, w: f"/archive/files/{s.archive['file']}/",
    "archive/expired/": lambda s, r, w: "/archive/expired/",
    "archive/acts/": lambda s, r, w: "/archive/acts/",
    "archive/acts/<id:pk>/": lambda s, r, w: f"/archive/acts/{s.archive['act']}/",
    "archive/acts/<id:pk>/transition/": (
        lambda s, r, w: f"/archive/acts/{s.archive['act']}/transition/"
    ),
    "archive/acts/<id:pk>/act.pdf": lambda s, r, w: f"/archive/acts/{s.archive['act']}/act.pdf",
    "archive/downloads/": lambda s, r, w: "/archive/downloads/",
    "documents/learners/<id:learner_id>/": (
        lambda s, r, w: f"/documents/learners/{_learner(s, r, w)}/"
    ),
    "documents/learners/<id:learner_id>/preview/<slug:kind>.pdf": (
        lambda s, r, w: f"/documents/learners/{_learner(s, r, w)}/preview/journal_extract.pdf"
    ),
    "documents/signoffs/<id:group_id>/": lambda s, r, w: f"/documents/signoffs/{_group(s, r, w)}/",
    "documents/groups/": lambda s, r, w: "/documents/groups/",
    "documents/groups/<id:group_id>/": lambda s, r, w: f"/documents/groups/{_group(s, r, w)}/",
    "documents/groups/<id:group_id>/preview/<slug:kind>.pdf": (
        lambda s, r, w: f"/documents/groups/{_group(s, r, w)}/preview/summary_statement.pdf"
    ),
    "documents/certificates/": lambda s, r, w: "/documents/certificates/",
    "documents/certificates/<id:pk>/duplicate/": (
        lambda s, r, w: f"/documents/certificates/{s.certificate_entry}/duplicate/"
    ),
    "documents/calibration/": lambda s, r, w: "/documents/calibration/",
    "documents/calibration/test.pdf": lambda s, r, w: "/documents/calibration/test.pdf",
    "documents/<id:pk>/blank.pdf": lambda s, r, w: f"/documents/{s.supplement}/blank.pdf",
    "documents/": lambda s, r, w: "/documents/",
    "documents/<id:pk>/": lambda s, r, w: f"/documents/{_pick(s.document, w)}/",
    "documents/<id:pk>/file.pdf": lambda s, r, w: f"/documents/{_pick(s.document, w)}/file.pdf",
    "documents/<id:pk>/duplicate/": (
        lambda s, r, w: f"/documents/{_pick(s.document, w)}/duplicate/"
    ),
    "documents/disclosures/": lambda s, r, w: "/documents/disclosures/",
    "documents/requests/": lambda s, r, w: "/documents/requests/",
    "documents/requests/new/": lambda s, r, w: "/documents/requests/new/",
    "documents/requests/<id:pk>/": (
        lambda s, r, w: f"/documents/requests/{_pick(s.info_request, w)}/"
    ),
    "documents/requests/<id:pk>/preview.pdf": (
        lambda s, r, w: f"/documents/requests/{_pick(s.info_request, w)}/preview.pdf"
    ),
    "documents/requests/<id:pk>/issue/": (
        lambda s, r, w: f"/documents/requests/{_pick(s.info_request, w)}/issue/"
    ),
    "documents/requests/<id:pk>/transition/": (
        lambda s, r, w: f"/documents/requests/{_pick(s.info_request, w)}/transition/"
    ),
    "documents/family/": lambda s, r, w: "/documents/family/",
    "documents/family/<id:learner_id>/request/": (
        lambda s, r, w: f"/documents/family/{_learner(s, r, w)}/request/"
    ),
    # The admin site's own pages.
    "admin/": lambda s, r, w: "/admin/",
    "admin/login/": lambda s, r, w: "/admin/login/",
    "admin/logout/": lambda s, r, w: "/admin/logout/",
    "admin/password_change/": lambda s, r, w: "/admin/password_change/",
    "admin/password_change/done/": lambda s, r, w: "/admin/password_change/done/",
    "admin/autocomplete/": lambda s, r, w: "/admin/autocomplete/",
    "admin/jsi18n/": lambda s, r, w: "/admin/jsi18n/",
    "admin/r/<path:content_type_id>/<path:object_id>/": lambda s, r, w: (
        f"/admin/r/{ContentType.objects.get_for_model(Learner).pk}/{_pick(s.learner, w)}/"
    ),
    "admin/(?P<url>.*)$": lambda s, r, w: "/admin/no-such-page/",
    "admin/auth/user/<id>/password/": lambda s, r, w: (
        f"/admin/auth/user/{s.users['uchenik' if w == 'own' else 'p00150']}/password/"
    ),
    "admin/credit_transfer/application/<id:pk>/act/": lambda s, r, w: (
        f"/admin/credit_transfer/application/{_pick(s.application, w)}/act/"
    ),
}


# --- expectations ----------------------------------------------------------------------------


def expect(default, **roles) -> dict[str, tuple[int, int]]:
    """{role: (own status, foreign status)}; an int means the same for both."""
    pair = lambda value: value if isinstance(value, tuple) else (value, value)  # noqa: E731
    table = {role: pair(roles.get(role, default)) for role in ROLES}
    # Whoever is not signed in is sent to the login page, unless said otherwise.
    table["anonymous"] = pair(roles.get("anonymous", 302))
    return table


WHOLE = dict.fromkeys(ADMIN_SITE, 200)
RESULTS = {"deputy": 200, "director": 200}  # every learner's results
SIGNED_IN = dict.fromkeys(ROLES[1:], 200)

KEEPERS = {"deputy": 200, "director": 200, "clerk": 200}  # the archive (R-SEC-3)
OFFICE = {"deputy": 200, "director": 200, "clerk": 200}  # documents (R-AR-6)
EVENTS = {"deputy": 200, "director": 200, "class_teacher": 200}  # the register (R-PF-5)
# Who reads a debt gets the bad date back (400); a stranger's debt is not found.
READ_DEBTS = {"deputy": 400, "director": 400, "teacher": (400, 404), "class_teacher": (400, 404)}
FAMILY = {"learner": (200, 404), "parent": (200, 404)}  # the son and his mother
# Whoever reads the son's results, portfolio and rewards.
READERS = {
    "learner": (200, 404), "parent": (200, 404), "teacher": (200, 404),
    "class_teacher": (200, 404), **RESULTS,
}  # fmt: skip
# GET of every page; POST-only endpoints answer 405 to a GET whoever asks.
GET: dict[str, dict[str, tuple[int, int]]] = {
    "favicon.ico": expect(301, anonymous=301),
    "": expect(302),
    "overview/": expect(403, deputy=200, director=200, clerk=200),
    "my-class/": expect(403, class_teacher=200),
    "teaching/": expect(403, teacher=200, class_teacher=200),
    "children/": expect(403, parent=200),
    "me/": expect(403, learner=200),
    "contracted/": expect(403, customer=200),
    "groups/<id:pk>/": expect(404, **WHOLE, teacher=(200, 404), class_teacher=(200, 404)),
    "learners/<id:pk>/": expect(
        (200, 404), **WHOLE, anonymous=302
    ),  # each role's own learner is in its scope
    "login/": expect(302, anonymous=200),
    "logout/": expect(405, anonymous=405),
    "password/change/": expect(200),
    "password/change/done/": expect(200),
    "password/reset/": expect(200, anonymous=200),
    "password/reset/sent/": expect(200, anonymous=200),
    "password/reset/<uidb64>/<token>/": expect(200, anonymous=200),
    "password/reset/done/": expect(200, anonymous=200),
    "journal/": expect(403, teacher=200, class_teacher=200, **RESULTS),
    "journal/periods/": expect(403, deputy=200),
    "journal/cell/": expect(405, anonymous=405),
    "journal/cell/history/": expect(404, teacher=(200, 404), class_teacher=(200, 404), **RESULTS),
    "journal/period-mark/": expect(405, anonymous=405),
    "journal/<id:group_id>/<id:subject_id>/<id:period_id>/": expect(
        404, teacher=(200, 404), class_teacher=(200, 404), **RESULTS
    ),
    "journal/<id:group_id>/<id:subject_id>/<id:period_id>/lessons/new/": expect(
        404, teacher=(200, 404), deputy=200
    ),
    "journal/<id:group_id>/<id:subject_id>/<id:period_id>/lessons/generate/": expect(
        404, teacher=(200, 404), deputy=200
    ),
    "journal/lessons/<id:lesson_id>/": expect(404, teacher=(200, 404), deputy=200),
    "journal/<id:group_id>/<id:subject_id>/year/<id:year_id>/": expect(
        404, teacher=(200, 404), class_teacher=(200, 404), **RESULTS
    ),
    "diary/": expect(403, parent=200, learner=302),
    # A learner's dynamics (R-JRN-8): whoever reads the learner's diary; a subject
    # teacher sees their subjects only (tests/achievements/dynamics/).
    "dynamics/<id:learner_id>/": expect(404, **READERS),
    # The council's figures, the self-examination and the whole school's list: the
    # deputy and the director; a class's figures also its class teacher, and the
    # list of those who need attention the class teacher for their own class.
    "statistics/": expect(403, **RESULTS),
    "statistics/groups/<id:group_id>/": expect(404, class_teacher=(200, 404), **RESULTS),
    "statistics/report.pdf": expect(403, **RESULTS),
    "statistics/report.xlsx": expect(403, **RESULTS),
    "statistics/attention/": expect(403, class_teacher=200, **RESULTS),
    "statistics/self-examination/": expect(403, **RESULTS),
    "statistics/self-examination.xlsx": expect(403, **RESULTS),
    # The roster import writes learners, families and accounts: the deputy's alone.
    "roster/import/": expect(403, deputy=200),
    "learners/search/": expect(403, teacher=200, class_teacher=200, clerk=200, **RESULTS),
    "roster/import/template/": expect(403, deputy=200),
    "diary/<id:learner_id>/": expect(
        404,
        learner=(200, 404),
        parent=(200, 404),
        teacher=(200, 404),
        class_teacher=(200, 404),
        **RESULTS,
    ),
    "diary/<id:learner_id>/week/": expect(
        404,
        learner=(200, 404),
        parent=(200, 404),
        teacher=(200, 404),
        class_teacher=(200, 404),
        **RESULTS,
    ),
    "portfolio/": expect(403, learner=302, parent=200, teacher=200, class_teacher=200, **RESULTS),
    "portfolio/gifted/": expect(403, **RESULTS),
    # Consents to personal-data processing (R-SEC-4): the office keeps them, the class
    # teacher records his own class's, a parent gives and withdraws his child's.
    "consents/": expect(403, **OFFICE),
    # External assessment: the deputy and director see all; a teacher the subjects and
    # classes he teaches, a class teacher his class; the template is for those who enter.
    "external/": expect(403, **RESULTS, teacher=200, class_teacher=200),
    "external/new/": expect(405, anonymous=405),
    "external/<id:pk>/": expect(403, **RESULTS, teacher=(200, 404), class_teacher=(200, 404)),
    "external/<id:pk>/class/<id:group_pk>/": expect(
        403, **RESULTS, teacher=(200, 404), class_teacher=(200, 404)
    ),
    # The class teacher of 7А reads its results; the subject's teacher enters them.
    "external/<id:pk>/class/<id:group_pk>/template.xlsx": expect(
        403, deputy=200, teacher=(200, 404), class_teacher=(403, 404)
    ),
    "external/<id:pk>/class/<id:group_pk>/import/": expect(405, anonymous=405),
    # Diagnostics of УУД: the teachers of the class and the administration; no family.
    "journal/diagnostics/": expect(403, **RESULTS, teacher=200, class_teacher=200),
    "journal/diagnostics/<id:group_id>/<id:period_id>/": expect(
        403, **RESULTS, teacher=(200, 404), class_teacher=(200, 404)
    ),
    "journal/diagnostics/learner/<id:learner_id>/": expect(
        403, **RESULTS, teacher=(200, 404), class_teacher=(200, 404)
    ),
    # Final attestation: the deputy forms commissions and enters results, the director
    # reads; the group's teacher and curator read their group's, another group is not found.
    "final-attestation/": expect(403, **RESULTS, teacher=200, class_teacher=200),
    "final-attestation/group/<id:group_id>/new/": expect(
        403, deputy=200, teacher=(403, 404), class_teacher=(403, 404)
    ),
    "final-attestation/<id:pk>/": expect(
        403, **RESULTS, teacher=(200, 404), class_teacher=(200, 404)
    ),
    "final-attestation/<id:pk>/edit/": expect(
        403, deputy=200, teacher=(403, 404), class_teacher=(403, 404)
    ),
    "documents/final-protocol/<id:pk>/": expect(405, anonymous=405),
    # Levels of additional education: the association's teachers and the administration
    # enter and read; the achievement sheet also goes to the family and to the class
    # teacher of the son's class.
    "levels/": expect(403, **RESULTS, teacher=200, class_teacher=200),
    "levels/<id:group_id>/<id:subject_id>/<slug:stage>/": expect(
        403, **RESULTS, teacher=(200, 404), class_teacher=404
    ),
    "levels/sheet/<id:learner_id>/<id:group_id>/": expect(
        404, **RESULTS, **FAMILY, teacher=(200, 404), class_teacher=(200, 404)
    ),
    "levels/sheet/<id:learner_id>/<id:group_id>/pdf/": expect(
        404, **RESULTS, **FAMILY, teacher=(200, 404), class_teacher=(200, 404)
    ),
    # The customer's results of the groups under his contracts (each view is a disclosure).
    "contracts/groups/<id:pk>/": expect(403, customer=(200, 404)),
    "contracts/groups/<id:pk>/xlsx/": expect(403, customer=(200, 404)),
    # State exam results: the deputy enters, the director reads all; the demo's teacher
    # and class teacher have no 9th or 11th form, so both classes are not found.
    "journal/state-exams/": expect(403, **RESULTS, teacher=200, class_teacher=200),
    "journal/state-exams/<id:group_pk>/<str:kind>/<id:subject_pk>/": expect(
        403, **RESULTS, teacher=404, class_teacher=404
    ),
    "journal/state-exams/<id:group_pk>/<str:kind>/<id:subject_pk>/template.xlsx": expect(
        403, deputy=200, teacher=404, class_teacher=404
    ),
    "journal/state-exams/<id:group_pk>/<str:kind>/<id:subject_pk>/import/": expect(
        405, anonymous=405
    ),
    # Academic debts: the deputy and director see all; a teacher those of his journals.
    "journal/debts/": expect(403, **RESULTS, teacher=200, class_teacher=200),
    "journal/debts/<id:pk>/": expect(403, **RESULTS, teacher=(200, 404), class_teacher=(200, 404)),
    "journal/debts/<id:pk>/attempt/": expect(405, anonymous=405),
    "journal/debts/<id:pk>/deadline/": expect(405, anonymous=405),
    # The register of events: the deputy and the director keep it whole; a class teacher
    # enters and corrects his own class's results.
    "portfolio/events/": expect(403, **EVENTS),
    "portfolio/events/new/": expect(403, **EVENTS),
    "portfolio/events/<id:event_id>/": expect(404, **EVENTS),
    "portfolio/events/<id:event_id>/edit/": expect(404, **(EVENTS | {"class_teacher": (200, 403)})),
    "portfolio/events/<id:event_id>/groups/": expect(404, **dict.fromkeys(EVENTS, 302)),
    "portfolio/events/<id:event_id>/groups/<id:group_id>/": expect(
        404, **(EVENTS | {"class_teacher": (200, 404)})
    ),
    "consents/<id:pk>/withdraw/": expect(405, anonymous=405),
    "learners/<id:pk>/consents/": expect(403, **(OFFICE | {"class_teacher": (200, 404)})),
    "children/consents/": expect(403, parent=200),
    "children/<id:learner_id>/consent/": expect(405, anonymous=405),
    # The deputy credits a gifted learner's achievement; the director reads the decisions.
    "portfolio/gifted/registered/": expect(403, **RESULTS),
    "portfolio/gifted/registered/<id:learner_id>/": expect(403, **RESULTS),
    "portfolio/learners/<id:learner_id>/": expect(
        404,
        learner=(200, 404),
        parent=(200, 404),
        teacher=(200, 404),
        class_teacher=(200, 404),
        **RESULTS,
    ),
    "portfolio/learners/<id:learner_id>/new/": expect(
        404, learner=(200, 404), parent=(200, 404), class_teacher=(200, 404), deputy=200
    ),
    "portfolio/learners/<id:learner_id>/pdf/": expect(
        404,
        learner=(200, 404),
        parent=(200, 404),
        teacher=(200, 404),
        class_teacher=(200, 404),
        **RESULTS,
    ),
    "portfolio/groups/<id:group_id>/": expect(
        404, teacher=(200, 404), class_teacher=(200, 404), **RESULTS
    ),
    "portfolio/achievements/<id:achievement_id>/": expect(
        404,
        learner=(200, 404),
        parent=(200, 404),
        teacher=(200, 404),
        class_teacher=(200, 404),
        **RESULTS,
    ),
    "portfolio/achievements/<id:achievement_id>/decide/": expect(405, anonymous=405),
    "portfolio/achievements/<id:achievement_id>/evidence/": expect(405, anonymous=405),
    "portfolio/evidence/<id:evidence_id>/": expect(
        404,
        learner=(200, 404),
        parent=(200, 404),
        teacher=(200, 404),
        class_teacher=(200, 404),
        **RESULTS,
    ),
    # The clerk registers paper applications from this list; the deputy and the director
    # review in the admin.
    "credit/": expect(
        403, parent=200, teacher=200, class_teacher=200, deputy=302, director=302, clerk=200
    ),
    "credit/new/": expect(403, parent=200, deputy=200, clerk=200),
    "credit/line-form/": expect(200),
    # The checks of one line as the form is filled in: empty for a learner the user may
    # not apply for.
    "credit/line-checks/": expect(200),
    "credit/line-subjects/": expect(200),
    # The son's application waits for the English teacher, not for ``uchitel``.
    "credit/<id:pk>/": expect(404, parent=(200, 404), deputy=200, director=200, clerk=200),
    "credit/<id:pk>/edit/": expect(404, parent=(302, 404), deputy=302, director=302, clerk=302),
    "credit/<id:pk>/withdraw/": expect(405, anonymous=405),
    "credit/<id:pk>/attachments/": expect(405, anonymous=405),
    "credit/<id:pk>/<slug:kind>.pdf": expect(
        404, parent=(200, 404), deputy=200, director=200, clerk=200
    ),
    "credit/attachments/<id:pk>/": expect(
        404, parent=(200, 404), deputy=200, director=200, clerk=200
    ),
    "credit/attachments/<id:pk>/delete/": expect(405, anonymous=405),
    "credit/lines/<id:pk>/convert/": expect(405, anonymous=405),
    # Rewards (R-RW): who reads a learner's results reads their rewards; the staff who
    # teach nominate; the director and the deputy read the orders, which list everyone
    # rewarded; only the family asks to record a reward from elsewhere.
    "rewards/": expect(
        403, learner=302, parent=302, teacher=200, class_teacher=200, deputy=200, director=200
    ),
    "rewards/candidates/": expect(403, teacher=200, class_teacher=200, **RESULTS),
    "rewards/nominate/": expect(403, teacher=(200, 404), class_teacher=(200, 404), **RESULTS),
    "rewards/groups/<id:group_id>/": expect(
        404, teacher=(200, 404), class_teacher=(200, 404), **RESULTS
    ),
    "rewards/<id:pk>/": expect(404, **READERS),
    "rewards/<id:pk>/transition/": expect(405, anonymous=405),
    "rewards/pending/": expect(403, **RESULTS),
    "rewards/orders/": expect(403, **RESULTS),
    "rewards/orders/<id:pk>/": expect(404, **RESULTS),
    "rewards/orders/<id:pk>/order.pdf": expect(404, **RESULTS),
    "rewards/<id:pk>/certificate.pdf": expect(404, **READERS),
    "rewards/evidence/<id:pk>/": expect(404, **READERS),
    "rewards/learners/<id:learner_id>/": expect(404, **READERS),
    "rewards/learners/<id:learner_id>/request/": expect(404, learner=(200, 404), parent=(200, 404)),
    # The archive (R-SEC-3): its keepers only; lists refuse others with 403, objects
    # with 404. The deputy starts snapshots; the log of downloads is the deputy's and
    # the director's.
    "archive/": expect(403, **KEEPERS),
    "archive/verify/": expect(405, anonymous=405),
    "archive/backup/": expect(405, anonymous=405),
    "archive/snapshots/new/": expect(403, deputy=200),
    "archive/snapshots/<id:pk>/": expect(404, **KEEPERS),
    "archive/snapshots/<id:pk>/progress/": expect(404, **KEEPERS),
    "archive/snapshots/<id:pk>/retry/": expect(405, anonymous=405),
    "archive/snapshots/<id:pk>/transfer/": expect(405, anonymous=405),
    "archive/snapshots/<id:pk>/manifest/": expect(404, **KEEPERS),
    "archive/snapshots/<id:pk>/act.pdf": expect(404, **KEEPERS),
    "archive/files/<id:pk>/": expect(404, **KEEPERS),
    "archive/expired/": expect(403, **KEEPERS),
    "archive/acts/": expect(403, **KEEPERS),
    "archive/acts/<id:pk>/": expect(404, **KEEPERS),
    "archive/acts/<id:pk>/transition/": expect(405, anonymous=405),
    "archive/acts/<id:pk>/act.pdf": expect(404, **KEEPERS),
    "archive/downloads/": expect(403, **RESULTS),
    # Documents (R-AR-6..8): the office (deputy, director, clerk) issues them and keeps
    # the registers; lists refuse others with 403, objects with 404. The class teacher
    # reads their class's learners' documents and signs off the year's results; the
    # family reads what was issued to them, asks for documents and follows the
    # requests; the disclosure log is the deputy's and the director's.
    "documents/learners/<id:learner_id>/": expect(404, class_teacher=(200, 404), **OFFICE),
    "documents/learners/<id:learner_id>/preview/<slug:kind>.pdf": expect(404, **OFFICE),
    "documents/signoffs/<id:group_id>/": expect(404, class_teacher=(200, 404), **OFFICE),
    "documents/groups/": expect(403, **OFFICE),
    "documents/groups/<id:group_id>/": expect(404, **OFFICE),
    # A group document's preview is asked for by its form's POST; a bare GET goes back
    # to the group's page.
    "documents/groups/<id:group_id>/preview/<slug:kind>.pdf": expect(
        404, **dict.fromkeys(OFFICE, 302)
    ),
    "documents/certificates/": expect(403, **OFFICE),
    "documents/certificates/<id:pk>/duplicate/": expect(405, anonymous=405),
    "documents/calibration/": expect(403, **OFFICE),
    "documents/calibration/test.pdf": expect(403, **OFFICE),
    "documents/<id:pk>/blank.pdf": expect(404, **OFFICE),
    "documents/": expect(403, **OFFICE),
    "documents/<id:pk>/": expect(404, **OFFICE, **FAMILY),
    "documents/<id:pk>/file.pdf": expect(404, **OFFICE, **FAMILY),
    "documents/<id:pk>/duplicate/": expect(405, anonymous=405),
    "documents/disclosures/": expect(403, **RESULTS),
    "documents/requests/": expect(403, **OFFICE),
    "documents/requests/new/": expect(403, **OFFICE),
    "documents/requests/<id:pk>/": expect(404, **OFFICE, **FAMILY),
    "documents/requests/<id:pk>/preview.pdf": expect(404, **OFFICE),
    "documents/requests/<id:pk>/issue/": expect(405, anonymous=405),
    "documents/requests/<id:pk>/transition/": expect(405, anonymous=405),
    "documents/family/": expect(403, learner=200, parent=200),
    "documents/family/<id:learner_id>/request/": expect(404, **FAMILY),
    "admin/": expect(302, **WHOLE),
    "admin/login/": expect(200, **dict.fromkeys(ADMIN_SITE, 302), anonymous=200),
    # The admin site sends everyone outside its roles to its login page first.
    "admin/logout/": expect(302, **dict.fromkeys(ADMIN_SITE, 405)),
    "admin/password_change/": expect(302, **WHOLE),
    "admin/password_change/done/": expect(302, **WHOLE),
    "admin/autocomplete/": expect(302, **dict.fromkeys(ADMIN_SITE, 403)),
    "admin/jsi18n/": expect(302, **WHOLE),
    "admin/r/<path:content_type_id>/<path:object_id>/": expect(
        302, **dict.fromkeys(ADMIN_SITE, 404)
    ),
    "admin/(?P<url>.*)$": expect(302, **dict.fromkeys(ADMIN_SITE, 404)),
    "admin/auth/user/<id>/password/": expect(
        302, **(dict.fromkeys(ADMIN_SITE, 403) | {"administrator": 200})
    ),
    "admin/credit_transfer/application/<id:pk>/act/": expect(302, **dict.fromkeys(ADMIN_SITE, 405)),
}


# --- the admin's model pages ---------------------------------------------------------------

# What each role of the admin site may do with each registered model: v view, a add,
# c change, d delete. A model missing here fails the coverage test. Nobody outside the
# admin site's roles gets in (302 to its login page). The administrator configures the
# organisation and accounts and sees no results; the clerk sees what the archive and
# personal files need (R-SEC-1).
STRUCTURE = {"deputy": "vac", "director": "v", "clerk": "v", "administrator": "vacd"}
RIGHTS: dict[str, dict[str, str]] = {
    # One organisation: once it exists, nobody adds a second.
    "learners.organisation": {
        "deputy": "vc",
        "director": "v",
        "clerk": "v",
        "administrator": "vcd",
    },
    "learners.academicyear": STRUCTURE,
    # Consents are recorded on the product's pages; the admin lists them read-only.
    "learners.consent": {"deputy": "v", "director": "v", "clerk": "v"},
    "learners.programme": STRUCTURE,
    "learners.gradingscale": STRUCTURE,
    "learners.subject": STRUCTURE,
    "learners.curriculumline": STRUCTURE | {"deputy": "vacd"},
    "learners.staff": STRUCTURE,
    "learners.studygroup": STRUCTURE,
    "learners.learner": STRUCTURE,
    "learners.learnerstatuschange": {
        "deputy": "v",
        "director": "v",
        "clerk": "v",
        "administrator": "v",
    },
    "learners.guardian": STRUCTURE,
    "learners.customer": STRUCTURE,
    "learners.enrollment": STRUCTURE | {"administrator": "vac"},
    "learners.teachingassignment": STRUCTURE | {"deputy": "vacd"},
    "learners.calendaryear": STRUCTURE,
    "achievements.workkind": {"deputy": "vac", "director": "v", "clerk": "v"},
    # One rule for the organisation: it is changed, never added twice.
    "achievements.attestationrule": {"deputy": "vc", "director": "v", "clerk": "v"},
    "achievements.achievementcategory": {"deputy": "vac", "director": "v", "clerk": "v"},
    # State exam results are entered on their grid, by the service that keeps history.
    "achievements.stateexamresult": {"deputy": "v", "director": "v"},
    "achievements.stateexamresultchange": {"deputy": "v", "director": "v"},
    "achievements.cellchange": {"deputy": "v", "director": "v"},
    "achievements.periodmarkchange": {"deputy": "v", "director": "v"},
    "achievements.achievement": {"deputy": "v", "director": "v"},
    "achievements.periodclosure": {"deputy": "v", "director": "v", "clerk": "v"},
    "achievements.exemption": {"deputy": "v", "director": "v", "clerk": "v"},
    # Debts and events are written on the product's pages, by their services.
    "achievements.academicdebt": {"deputy": "v", "director": "v"},
    "achievements.debtchange": {"deputy": "v", "director": "v"},
    "achievements.event": {"deputy": "v", "director": "v"},
    "achievements.externalassessment": {"deputy": "v", "director": "v"},
    "achievements.externalresult": {"deputy": "v", "director": "v"},
    "achievements.externalresultchange": {"deputy": "v", "director": "v"},
    "achievements.diagnosticresult": {"deputy": "v", "director": "v"},
    "achievements.diagnosticchange": {"deputy": "v", "director": "v"},
    "achievements.attestationcommission": {"deputy": "v", "director": "v"},
    "achievements.commissionmember": {"deputy": "v", "director": "v"},
    "achievements.finalattestationresult": {"deputy": "v", "director": "v"},
    "achievements.finalattestationchange": {"deputy": "v", "director": "v"},
    "achievements.levelresult": {"deputy": "v", "director": "v"},
    "achievements.levelresultchange": {"deputy": "v", "director": "v"},
    "credit_transfer.application": {"deputy": "v", "director": "v", "clerk": "v"},
    "credit_transfer.applicationchange": {"deputy": "v", "director": "v", "clerk": "v"},
    "credit_transfer.notification": {"deputy": "v", "director": "v", "clerk": "v"},
    "common.documentdownload": {"deputy": "v", "director": "v"},
    # The clerk keeps the nomenclature; nobody deletes a line of it (archive/admin.py).
    "archive.retentionrule": {"deputy": "v", "director": "v", "clerk": "vac"},
    # Reward kinds and criteria are the deputy's settings; rewards, orders and their
    # history are written by the services only (rewards/admin.py).
    "rewards.rewardkind": {"deputy": "vac", "director": "v", "clerk": "v"},
    "rewards.rewardrule": {"deputy": "vc"},
    "rewards.reward": {"deputy": "v", "director": "v"},
    "rewards.rewardorder": {"deputy": "v", "director": "v"},
    "rewards.rewardchange": {"deputy": "v", "director": "v"},
    "auth.user": {"administrator": "vacd"},
    "auth.group": {"administrator": "vacd"},
    "axes.accessattempt": {},
    "axes.accesslog": {},
    "axes.accessfailurelog": {},
    "django_tasks_database.dbtaskresult": {},
}
ADMIN_ACTIONS = {
    "": ("changelist", "v"),
    "add/": ("add", "a"),
    "<path:object_id>/change/": ("change", "v"),
    "<path:object_id>/history/": ("history", "v"),
    "<path:object_id>/delete/": ("delete", "d"),
    "<path:object_id>/": ("object", None),
}
ADMIN_MODEL_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/(?P<rest>.*)$")


def admin_model_route(route: str):
    """(model label, action) for a standard admin model page, else None."""
    match = ADMIN_MODEL_ROUTE.match(route)
    if match is None or match["rest"] not in ADMIN_ACTIONS:
        return None
    return f"{match['app']}.{match['model']}", ADMIN_ACTIONS[match["rest"]]


# Where the admin answers otherwise than its permissions alone say: an application
# outside the administrator's scope is «not found» (a redirect) before any permission
# is asked, as the credit-transfer admin reads through the access policy; a year with
# classes is never deleted, whoever may delete an empty one.
ADMIN_EXCEPTIONS = {
    ("credit_transfer.application", "history", "administrator"): (302, 302),
    ("learners.academicyear", "delete", "administrator"): (403, 403),
}


def admin_expectation(label: str, action: tuple[str, str | None]) -> dict[str, tuple[int, int]]:
    name, letter = action
    table = {}
    for role in ROLES:
        if role not in ADMIN_SITE:
            table[role] = (302, 302)
        elif letter is None:
            table[role] = (302, 302)  # the bare object URL forwards to its change page
        else:
            rights = RIGHTS[label].get(role, "")
            allowed = letter in rights or (letter == "v" and "c" in rights)
            table[role] = (200, 200) if allowed else (403, 403)
        table[role] = ADMIN_EXCEPTIONS.get((label, name, role), table[role])
    return table


def admin_object_pks(label: str) -> tuple[str, str]:
    model = apps.get_model(label)
    pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
    if not pks:
        pytest.fail(f"the demo school has no {label} to open in the admin")
    return str(pks[0]), str(pks[-1])


def admin_url(route: str, which: str) -> str:
    label, _ = admin_model_route(route)
    own, foreign = admin_object_pks(label)
    return "/" + route.replace("<path:object_id>", own if which == "own" else foreign)


# --- the walk ------------------------------------------------------------------------------


def all_routes(patterns=None, prefix="") -> list[str]:
    routes = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            routes += all_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            routes.append(prefix + str(pattern.pattern))
    return routes


APP_INDEX = "admin/^(?P<app_label>"


def is_app_index(route: str) -> bool:
    return route.startswith(APP_INDEX)


def expectation(route: str) -> dict[str, tuple[int, int]] | None:
    if route in GET:
        return GET[route]
    if is_app_index(route):
        return expect(302, **WHOLE)
    found = admin_model_route(route)
    if found is None or found[0] not in RIGHTS:
        return None
    return admin_expectation(*found)


def test_matrix_covers_every_url():
    routes = all_routes()
    assert [r for r in routes if expectation(r) is None] == []
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert sorted(registered ^ set(RIGHTS)) == []
    assert sorted(set(GET) - set(routes)) == []
    assert sorted(set(URLS) - set(GET)) == []


def url_for(route: str, school, role: str, which: str) -> str:
    if route in URLS:
        return URLS[route](school, role, which)
    if is_app_index(route):
        return "/admin/learners/"
    return admin_url(route, which)


def observed(client, school, route: str) -> dict[str, tuple[int, int]]:
    table = {}
    for role in ROLES:
        client.logout()
        _client(client, school, role)
        own, foreign = (url_for(route, school, role, which) for which in ("own", "foreign"))
        status = client.get(own).status_code
        # A page without an object (a list, a form) is the same page either way.
        table[role] = (status, status if foreign == own else client.get(foreign).status_code)
    return table


SITE_ROUTES = [r for r in all_routes() if r in GET or is_app_index(r)]
ADMIN_MODEL_ROUTES = [r for r in all_routes() if r not in GET and admin_model_route(r)]


@pytest.mark.parametrize("route", SITE_ROUTES)
def test_get_every_page_by_role(client, school, route):
    found, wanted = observed(client, school, route), expectation(route)
    assert {r: found[r] for r in ROLES if found[r] != wanted[r]} == {
        r: wanted[r] for r in ROLES if found[r] != wanted[r]
    }


@pytest.mark.parametrize("route", ADMIN_MODEL_ROUTES)
def test_get_every_admin_page_by_role(client, school, route):
    found, wanted = observed(client, school, route), expectation(route)
    assert {r: found[r] for r in ROLES if found[r] != wanted[r]} == {
        r: wanted[r] for r in ROLES if found[r] != wanted[r]
    }


# --- POST endpoints ------------------------------------------------------------------------

# Each POST-only endpoint with a body that no one may act on successfully (a value off
# the scale, an unknown decision, no file, a stale version): the answer shows whether
# the object was reachable — 400 or a redirect with the refusal for those in scope,
# 403/404 for the rest — and nothing changes.
POSTS: dict[str, tuple[Callable[[Objects, str], dict], str, dict]] = {
    # A commission without results: the protocol is refused (back to the commission)
    # for those who issue documents; the teacher of the group may not issue it.
    "documents/final-protocol/<id:pk>/": (
        lambda s, w: {},
        "form",
        expect(403, deputy=302, director=302, teacher=(403, 404), class_teacher=(403, 404)),
    ),
    "journal/cell/": (
        lambda s, w: {
            "lesson": _pick(s.lesson, w),
            "learner": _pick(s.cell_learner, w),
            "value": "щ",
            "version": 0,
        },
        "json",
        expect(403, teacher=(400, 403), deputy=400),
    ),
    "journal/period-mark/": (
        lambda s, w: {
            "group": _pick(s.journal, w)[0],
            "subject": _pick(s.journal, w)[1],
            "period": _pick(s.journal, w)[2],
            "learner": _pick(s.cell_learner, w),
            "kind": "period",
            "value": "щ",
            "version": 0,
        },
        "json",
        expect(403, teacher=(400, 403), deputy=400),
    ),
    "portfolio/achievements/<id:achievement_id>/decide/": (
        lambda s, w: {"to": "nonsense"},
        "form",
        expect(
            404,
            learner=(302, 404),
            parent=(302, 404),
            teacher=(302, 404),
            class_teacher=(302, 404),
            deputy=302,
            director=302,
        ),
    ),
    # Who may see a confirmed achievement but not add to it is refused with 403.
    "portfolio/achievements/<id:achievement_id>/evidence/": (
        lambda s, w: {},
        "form",
        expect(
            404,
            learner=(403, 404),
            parent=(403, 404),
            teacher=(403, 404),
            class_teacher=(302, 404),
            deputy=302,
            director=403,
        ),
    ),
    "credit/<id:pk>/withdraw/": (
        lambda s, w: {"version": "999"},
        "form",
        expect(404, parent=(302, 404), deputy=302, director=302, clerk=302),
    ),
    "credit/<id:pk>/attachments/": (
        lambda s, w: {},
        "form",
        expect(404, parent=(302, 404), deputy=302, director=302, clerk=302),
    ),
    # A document of a submitted application is removed by nobody: refused like a
    # foreign one.
    "credit/attachments/<id:pk>/delete/": (lambda s, w: {}, "form", expect(404)),
    "credit/lines/<id:pk>/convert/": (
        lambda s, w: {"conversion": "nonsense"},
        "form",
        expect(404),
    ),
    # The archive: a verification by a keeper runs (and changes no record); a backup is
    # the deputy's; an unknown step or a retry of a complete snapshot is refused with
    # a message to the keepers, 404 to the rest.
    "archive/verify/": (lambda s, w: {}, "form", expect(403, **dict.fromkeys(KEEPERS, 302))),
    "archive/backup/": (lambda s, w: {}, "form", expect(403, deputy=302)),
    "archive/snapshots/<id:pk>/retry/": (
        lambda s, w: {},
        "form",
        expect(404, **dict.fromkeys(KEEPERS, 302)),
    ),
    "archive/snapshots/<id:pk>/transfer/": (
        lambda s, w: {"to": "nonsense"},
        "form",
        expect(404, **dict.fromkeys(KEEPERS, 302)),
    ),
    "archive/acts/<id:pk>/transition/": (
        lambda s, w: {"to": "nonsense"},
        "form",
        expect(404, **dict.fromkeys(KEEPERS, 302)),
    ),
    # An unknown step: refused with a message to whoever sees the reward, 404 to the rest.
    "rewards/<id:pk>/transition/": (
        lambda s, w: {"to": "nonsense"},
        "form",
        expect(
            404,
            **{role: (302, 404) for role in ("learner", "parent", "teacher", "class_teacher")},
            deputy=302,
            director=302,
        ),
    ),
    # Documents: a duplicate without its reason, an answer to a withdrawn request, an
    # unknown step — refused with a message to the office (and to the family, for
    # their own request's steps), 404 to the rest; nothing is issued or numbered.
    "documents/certificates/<id:pk>/duplicate/": (
        lambda s, w: {},
        "form",
        expect(404, **dict.fromkeys(OFFICE, 302)),
    ),
    "documents/<id:pk>/duplicate/": (
        lambda s, w: {},
        "form",
        expect(404, **dict.fromkeys(OFFICE, 302)),
    ),
    "documents/requests/<id:pk>/issue/": (
        lambda s, w: {},
        "form",
        expect(404, **dict.fromkeys(OFFICE, 302)),
    ),
    "documents/requests/<id:pk>/transition/": (
        lambda s, w: {"status": "nonsense"},
        "form",
        expect(404, learner=(302, 404), parent=(302, 404), **dict.fromkeys(OFFICE, 302)),
    ),
    # A new assessment without a title; an import without a file.
    "external/new/": (
        lambda s, w: {"kind": "vpr"},
        "form",
        expect(403, anonymous=302, deputy=400, teacher=400, class_teacher=400),
    ),
    "external/<id:pk>/class/<id:group_pk>/import/": (
        lambda s, w: {},
        "form",
        expect(403, anonymous=302, deputy=400, teacher=(400, 404), class_teacher=(403, 404)),
    ),
    "journal/state-exams/<id:group_pk>/<str:kind>/<id:subject_pk>/import/": (
        lambda s, w: {},
        "form",
        expect(403, anonymous=302, deputy=400, teacher=404, class_teacher=404),
    ),
    "journal/debts/<id:pk>/attempt/": (
        lambda s, w: {"held_on": "щ", "value": "5"},
        "form",
        expect(403, anonymous=302, **READ_DEBTS),
    ),
    "journal/debts/<id:pk>/deadline/": (
        lambda s, w: {"deadline": "щ"},
        "form",
        expect(403, anonymous=302, **READ_DEBTS),
    ),
    "consents/<id:pk>/withdraw/": (
        lambda s, w: {"on": "щ"},
        "form",
        expect(404, parent=(302, 404), deputy=302, clerk=302),
    ),
    "children/<id:learner_id>/consent/": (
        lambda s, w: {"scopes": "nonsense"},
        "form",
        expect(403, parent=(302, 404)),
    ),
    "admin/credit_transfer/application/<id:pk>/act/": (
        lambda s, w: {"action": "nonsense"},
        "form",
        expect(302, administrator=403),
    ),
}
WATCHED = [
    JournalCell, CellChange, PeriodMark, Achievement, Evidence, Application, Attachment,
    Reward, RewardChange, RewardOrder, IssuedDocument, InfoRequest, RequestChange,
    CertificateEntry, Disclosure, RegisterCounter, Consent, AcademicDebt, DebtAttempt,
    Event, EventParticipant, ExternalAssessment, ExternalResult, DiagnosticResult,
    DiagnosticChange, StateExamResult, StateExamResultChange, AttestationCommission,
    FinalAttestationResult, FinalAttestationChange, LevelResult, LevelResultChange,
]  # fmt: skip


def test_posts_cover_every_post_only_endpoint():
    post_only = {route for route, table in GET.items() if table["deputy"] == (405, 405)}
    post_only.add("admin/credit_transfer/application/<id:pk>/act/")
    assert sorted(post_only ^ set(POSTS)) == ["admin/logout/", "logout/"]


def _rows() -> dict[str, list]:
    return {
        model.__name__: sorted(
            (row["id"], repr(sorted(row.items()))) for row in model.objects.values()
        )
        for model in WATCHED
    }


@pytest.mark.parametrize("route", list(POSTS))
def test_post_every_endpoint_by_role(client, school, route):
    body, encoding, wanted = POSTS[route]
    before = _rows()
    found = {}
    for role in ROLES:
        client.logout()
        _client(client, school, role)
        statuses = []
        for which in ("own", "foreign"):
            url = URLS[route](school, role, which)
            data = body(school, which)
            if encoding == "json":
                response = client.post(url, data, content_type="application/json")
            else:
                response = client.post(url, data)
            statuses.append(response.status_code)
        found[role] = tuple(statuses)
    assert {r: found[r] for r in ROLES if found[r] != wanted[r]} == {
        r: wanted[r] for r in ROLES if found[r] != wanted[r]
    }
    assert _rows() == before
