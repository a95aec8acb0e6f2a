"""The roster import's writes (R-LRN-6) and the uploaded file kept between the dry run
and the real run.

The file lives in the default storage under a random name, with its SHA-256 carried by
the confirming form: no local file, no blob in the session, and a web node other than
the one that took the upload can apply it.

The real run writes in bulk instead of calling ``enrollment_open`` and
``enrollment_transfer`` per row: the plan has already checked what they check (one
active enrollment per programme, a transfer after the start), under a lock on the
learners it changes, and a thousand rows must not cost a thousand times their queries.
The database's constraints stay the last word."""

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from learners.models import Enrollment, Guardian, Guardianship, Learner, Role
from learners.roster.parse import FileError, read_rows
from learners.roster.plan import CHANGE, CREATE, SAME, TRANSFER_REASON_TEXT, Plan, plan_rows
from learners.services import role_grant
from learners.terms import current_terms

log = logging.getLogger("uchet.roster")

FOLDER = "roster"
TOKEN = re.compile(r"^[0-9a-f]{32}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
# A dry run the deputy never confirmed leaves its file; the next upload removes those
# older than this.
KEPT_FOR = timedelta(days=1)
USERNAME = re.compile(r"^[\w.@+-]+\Z")
BATCH = 500
INVITATIONS_PER_TASK = 50


@dataclass
class Upload:
    token: str
    sha256: str


def _path(token: str) -> str:
    return f"{FOLDER}/{token}.xlsx"


def upload_keep(*, content: bytes) -> Upload:
    """Store the checked file for the real run under a private random name."""
    _prune()
    token = secrets.token_hex(16)
    name = default_storage.save(_path(token), ContentFile(content))
    if name != _path(token):  # a storage that renamed it: the token would not find it
        default_storage.delete(name)
        raise ValidationError("Не удалось сохранить файл: загрузите его ещё раз.")
    return Upload(token=token, sha256=hashlib.sha256(content).hexdigest())


def upload_read(*, token: str, sha256: str) -> bytes:
    """The kept file, exactly the one the dry run showed, or ValidationError."""
    gone = ValidationError(
        "Загруженный файл не найден или изменился: загрузите его снова и проверьте."
    )
    if not TOKEN.match(token or "") or not SHA256.match(sha256 or ""):
        raise gone
    try:
        with default_storage.open(_path(token), "rb") as stored:
            content = stored.read()
    except (FileNotFoundError, OSError):
        raise gone from None
    if hashlib.sha256(content).hexdigest() != sha256:
        raise gone
    return content


def upload_discard(*, token: str) -> None:
    if TOKEN.match(token or ""):
        default_storage.delete(_path(token))


def _prune() -> None:
    try:
        _, names = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    limit = timezone.now() - KEPT_FOR
    for name in names:
        try:
            if default_storage.get_modified_time(f"{FOLDER}/{name}") < limit:
                default_storage.delete(f"{FOLDER}/{name}")
        except (FileNotFoundError, NotImplementedError, OSError):
            continue


def roster_check(*, content: bytes, name: str = "файл") -> Plan:
    """The dry run: what the file would do. Writes nothing."""
    return plan_rows(read_rows(content, name=name))


@dataclass
class Result:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    enrolled: int = 0
    transferred: int = 0
    guardians: int = 0
    accounts: int = 0
    links: int = 0
    invitations: int = 0


@transaction.atomic
def roster_import(*, content: bytes, actor, name: str = "файл") -> Result:
    """Apply the file in one transaction: learners (by personal-file number), their
    enrollments into this year's classes (opened or transferred), parents with their
    accounts and links. Parents' new accounts with an e-mail are invited once the
    transaction commits. The same file again changes nothing."""
    plan = plan_rows(read_rows(content, name=name), lock=True)
    if not plan.ok:
        bad = ", ".join(str(r.row.number) for r in plan.rows if r.errors)
        raise ValidationError(
            f"В файле есть ошибки (строки {bad}): исправьте их и проверьте снова."
        )
    result = Result(
        created=plan.count(CREATE), changed=plan.count(CHANGE), unchanged=plan.count(SAME)
    )
    if not plan.has_work:
        return result
    try:
        with transaction.atomic():
            _apply(plan, actor, result)
    except IntegrityError as error:
        log.warning("roster import refused by the database: %s", type(error).__name__)
        raise ValidationError(
            "Данные изменились во время загрузки (например, другой сотрудник зачислил "
            f"тех же {current_terms()['learners_gen']}). Проверьте файл снова."
        ) from None
    log.info(
        "roster import: user=%s created=%s changed=%s unchanged=%s accounts=%s",
        actor.pk, result.created, result.changed, result.unchanged, result.accounts,
    )  # fmt: skip
    return result


def _apply(plan: Plan, actor, result: Result) -> None:
    rows = [r for r in plan.rows if r.action in (CREATE, CHANGE)]
    now = timezone.now()

    # Learners.
    new = []
    for r in rows:
        row = r.row
        if r.learner is None:
            r.learner = Learner(personal_file_number=row.personal_file_number)
            new.append(r.learner)
        r.learner.last_name, r.learner.first_name = row.last_name, row.first_name
        r.learner.patronymic, r.learner.birth_date = row.patronymic, row.birth_date
        r.learner.sex = row.sex
    Learner.objects.bulk_create(new, batch_size=BATCH)
    changed = [r.learner for r in rows if r.learner_changed]
    Learner.objects.bulk_update(
        changed, ["last_name", "first_name", "patronymic", "birth_date", "sex"], batch_size=BATCH
    )

    # Enrollments: a transfer closes the current one the day before, as enrollment_transfer.
    closing = []
    opening = []
    transfer_reason = None
    for r in rows:
        if not r.enroll:
            continue
        study_form, customer = None, None
        if r.closing is not None:
            r.closing.ended_on = r.started_on - timedelta(days=1)
            # The terms are read once, and only when someone is transferred.
            transfer_reason = transfer_reason or TRANSFER_REASON_TEXT.format_map(current_terms())
            r.closing.end_reason = transfer_reason
            r.closing.closed_at, r.closing.closed_by = now, actor
            study_form, customer = r.closing.study_form, r.closing.customer_id
            closing.append(r.closing)
        enrollment = Enrollment(
            learner=r.learner, group=r.group, programme_id=r.group.programme_id,
            started_on=r.started_on, opened_at=now, opened_by=actor, customer_id=customer,
        )  # fmt: skip
        if study_form:
            enrollment.study_form = study_form
        opening.append(enrollment)
    # Closed first: the new enrollment may be on the same programme.
    Enrollment.objects.bulk_update(
        closing, ["ended_on", "end_reason", "closed_at", "closed_by"], batch_size=BATCH
    )
    Enrollment.objects.bulk_create(opening, batch_size=BATCH)
    result.transferred = len(closing)
    result.enrolled = len(opening) - len(closing)

    # Parents: accounts, guardians, links.
    parents = [(r, p) for r in rows for p in r.parents]
    users = _new_users([p for _, p in parents if p.creates_user])
    result.accounts = len(users)
    staff_users = {p.user.pk: p.user for _, p in parents if p.creates_guardian and p.user}
    for user in staff_users.values():
        role_grant(user=user, roles=[Role.PARENT], actor=actor)
    guardians = []
    for _, p in parents:
        if not p.creates_guardian:
            continue
        source = p.source
        p.guardian = Guardian(
            user=p.user or p.new_user, last_name=source.last_name, first_name=source.first_name,
            patronymic=source.patronymic, phone=source.phone,
        )  # fmt: skip
        guardians.append(p.guardian)
    Guardian.objects.bulk_create(guardians, batch_size=BATCH)
    result.guardians = len(guardians)
    phones = {}
    for _, p in parents:
        if p.new_phone:
            p.guardian.phone = p.source.phone
            phones[p.guardian.pk] = p.guardian
    Guardian.objects.bulk_update(list(phones.values()), ["phone"], batch_size=BATCH)
    links, kinships = [], []
    for r, p in parents:
        guardian = p.guardian if p.first is None else p.first.guardian
        if p.link is None:
            links.append(
                Guardianship(learner=r.learner, guardian=guardian, kinship=p.source.kinship)
            )
        elif p.new_kinship:
            p.link.kinship = p.source.kinship
            kinships.append(p.link)
    Guardianship.objects.bulk_create(links, batch_size=BATCH)
    Guardianship.objects.bulk_update(kinships, ["kinship"], batch_size=BATCH)
    result.links = len(links)

    # Accounts made earlier without an address: the address, and the invitation.
    addressed = {}
    for _, p in parents:
        if p.new_email:
            p.guardian.user.email = p.source.email
            addressed[p.guardian.user.pk] = p.guardian.user
    get_user_model().objects.bulk_update(list(addressed.values()), ["email"], batch_size=BATCH)

    invited = [u.pk for u in users if u.email]
    invited += [u.pk for u in addressed.values() if not u.has_usable_password()]
    result.invitations = len(invited)
    if invited:
        from learners.roster.tasks import send_invitations

        for start in range(0, len(invited), INVITATIONS_PER_TASK):
            chunk = invited[start : start + INVITATIONS_PER_TASK]
            transaction.on_commit(lambda chunk=chunk: send_invitations.enqueue(chunk))


def _new_users(parents) -> list:
    """Accounts for new parents, in bulk: the username is the e-mail where it can be,
    else generated; no usable password until the parent sets one through the invitation;
    the role of parent (what role_grant does, for all of them in one insert)."""
    User = get_user_model()
    wanted = [
        p.source.email if p.source.email and USERNAME.match(p.source.email) else "" for p in parents
    ]
    taken = set(
        User.objects.filter(username__in=[w for w in wanted if w]).values_list(
            "username", flat=True
        )
    )
    users = []
    for p, username in zip(parents, wanted, strict=True):
        if not username or username in taken:
            username = f"roditel-{secrets.token_hex(5)}"
        taken.add(username)
        p.new_user = User(
            username=username, email=p.source.email, first_name=p.source.first_name[:150],
            last_name=p.source.last_name[:150], password=make_password(None),
        )  # fmt: skip
        users.append(p.new_user)
    if not users:
        return []
    group = Group.objects.filter(name=Role(Role.PARENT).label).first()
    if group is None:
        raise ValidationError("Не найдены группы ролей: выполните миграции.")
    User.objects.bulk_create(users, batch_size=BATCH)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=BATCH
    )
    return users


__all__ = ["FileError", "Result", "Upload", "roster_check", "roster_import", "upload_discard",
           "upload_keep", "upload_read"]  # fmt: skip
