"""The one access policy: which learners, groups and teaching assignments a user may
see and act on (DESIGN.md, Access; SPEC R-SEC-2).

Roles are Django groups; the scope of each role comes from domain data — teaching
assignments, class-teacher links, guardianship, customer contracts — never from
per-object permission rows. Every selector starts here, and every object view
fetches through a ``get_<thing>_for_user`` that answers 404 outside the scope, so
that a foreign object cannot even be shown to exist.
"""

import logging
from enum import IntEnum

from django.db.models import Q, QuerySet
from django.http import Http404

from learners.models import (
    Enrollment,
    Learner,
    ProgrammeLevel,
    Role,
    StudyGroup,
    TeachingAssignment,
)

log = logging.getLogger("uchet.access")

# Roles whose holders see every learner of the organisation (R-SEC-2). The clerk
# keeps the archive and the administrator configures users, so both need the whole
# roster; neither enters marks.
WHOLE_ORGANISATION = frozenset({Role.DEPUTY, Role.DIRECTOR, Role.CLERK, Role.ADMINISTRATOR})
# Roles whose holders see every learner's results. Results go to the learner, the
# family and those who teach or control the teaching (R-SEC-1, 152-FZ): the
# administrator configures and sees no results; the clerk works with the archive and
# personal files, not with the live journal, diary or portfolio.
ALL_RESULTS = frozenset({Role.DEPUTY, Role.DIRECTOR})
# Who handles every credit-transfer application: the deputy decides, the director
# orders, the clerk registers paper applications.
CREDIT_OFFICE = frozenset({Role.DEPUTY, Role.DIRECTOR, Role.CLERK})
# Who reaches the archive of period snapshots (R-SEC-3): the deputy makes snapshots,
# the director approves acts, the clerk keeps the archive. Nobody else, not even the
# administrator: the snapshots are every learner's results.
ARCHIVE_KEEPERS = frozenset({Role.DEPUTY, Role.DIRECTOR, Role.CLERK})

_ROLE_BY_LABEL = {role.label: role for role in Role}


def cache_roles(user, group_names) -> frozenset[Role]:
    roles = frozenset(_ROLE_BY_LABEL[n] for n in group_names if n in _ROLE_BY_LABEL)
    if user.is_superuser:
        roles |= {Role.ADMINISTRATOR}
    user._uchet_roles = roles
    return roles


def roles_of(user) -> frozenset[Role]:
    """The user's roles, read once per user object. The authentication backend
    fills them in with the user; otherwise this costs one query."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_uchet_roles", None)
    if cached is None:
        cached = cache_roles(user, user.groups.values_list("name", flat=True))
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def has_admin_site_role(user) -> bool:
    """Roles whose work happens (partly) in the admin site."""
    return bool(roles_of(user) & WHOLE_ORGANISATION)


def sees_whole_organisation(user) -> bool:
    return bool(roles_of(user) & WHOLE_ORGANISATION)


def sees_all_results(user) -> bool:
    return bool(roles_of(user) & ALL_RESULTS)


def handles_all_applications(user) -> bool:
    return bool(roles_of(user) & CREDIT_OFFICE)


def keeps_archive(user) -> bool:
    return bool(roles_of(user) & ARCHIVE_KEEPERS)


def staff_id_of(user) -> int | None:
    """The user's active staff record, or None: a teacher who has left keeps no scope."""
    staff = getattr(user, "staff", None) if user.is_authenticated else None
    return staff.pk if staff is not None and staff.is_active else None


_staff_id = staff_id_of


def _learners(user, *, whole: frozenset[Role], customer: bool) -> QuerySet[Learner]:
    roles = roles_of(user)
    if not roles:
        return Learner.objects.none()
    if roles & whole:
        return Learner.objects.all()
    condition = Q(pk__in=[])
    staff_id = _staff_id(user)
    # Staff see the learners of their groups now: one who has left drops out of
    # their lists (their past journals still show who was there, by period).
    if staff_id is not None and Role.TEACHER in roles:
        condition |= Q(
            enrollments__group__assignments__teacher_id=staff_id,
            enrollments__ended_on__isnull=True,
        )
    if staff_id is not None and Role.CLASS_TEACHER in roles:
        condition |= Q(
            enrollments__group__class_teacher_id=staff_id, enrollments__ended_on__isnull=True
        )
    if Role.PARENT in roles:
        condition |= Q(guardianships__guardian__user=user)
    if Role.LEARNER in roles:
        condition |= Q(user=user)
    if customer and Role.CUSTOMER in roles:
        condition |= Q(enrollments__customer__users=user)
    # The joins above can repeat a learner; a subquery keeps the outer queryset
    # free of duplicates without DISTINCT, so callers can still order and annotate.
    return Learner.objects.filter(pk__in=Learner.objects.filter(condition).values("pk"))


def visible_learners(user) -> QuerySet[Learner]:
    """Learners whose card the user may see: deputy, director, clerk, administrator →
    all; teacher → learners now in the groups they teach; class teacher → now in their
    groups; parent → their children; learner → self; customer → learners enrolled under
    the customer's contracts, for any span of time (004 §1.4)."""
    return _learners(user, whole=WHOLE_ORGANISATION, customer=True)


def result_learners(user) -> QuerySet[Learner]:
    """Learners whose results (diary, portfolio) the user may see: deputy and director
    → all; teachers and class teachers → their learners now; the family → its own. A
    customer sees results through the contract's own pages, the clerk and the
    administrator none. What a subject teacher sees of a learner is narrowed further
    to their subjects by ``result_subjects``."""
    return _learners(user, whole=ALL_RESULTS, customer=False)


def result_subjects(user, learner: Learner) -> frozenset[int] | None:
    """The subjects whose results of ``learner`` the user may see: None means all of
    them (the family, the class teacher of the learner's class, the deputy and the
    director); a subject teacher gets the subjects they teach in the learner's current
    groups; an empty set means none."""
    roles = roles_of(user)
    if roles & ALL_RESULTS or is_family(user, learner.pk):
        return None
    staff_id = _staff_id(user)
    if staff_id is None:
        return frozenset()
    current = Enrollment.objects.filter(learner=learner, ended_on__isnull=True)
    if Role.CLASS_TEACHER in roles and current.filter(group__class_teacher_id=staff_id).exists():
        return None
    if Role.TEACHER not in roles:
        return frozenset()
    return frozenset(
        TeachingAssignment.objects.filter(
            teacher_id=staff_id, group__in=current.values("group")
        ).values_list("subject_id", flat=True)
    )


def visible_groups(user, *, results: bool = False) -> QuerySet[StudyGroup]:
    """Groups whose list of learners the user may open (with ``results``: whose
    results, e.g. the class portfolio). Families never see a group's roster:
    classmates are other families' personal data."""
    roles = roles_of(user)
    if roles & (ALL_RESULTS if results else WHOLE_ORGANISATION):
        return StudyGroup.objects.all()
    staff_id = _staff_id(user)
    if staff_id is None:
        return StudyGroup.objects.none()
    condition = Q(pk__in=[])
    if Role.TEACHER in roles:
        condition |= Q(assignments__teacher_id=staff_id)
    if Role.CLASS_TEACHER in roles:
        condition |= Q(class_teacher_id=staff_id)
    return StudyGroup.objects.filter(pk__in=StudyGroup.objects.filter(condition).values("pk"))


def visible_enrollments(user, learner: Learner) -> QuerySet[Enrollment]:
    """A learner's enrollments the user may see. A customer who is nothing else sees
    only the enrollments under their own contracts: the learner's school class or
    another customer's contract is none of their business."""
    enrollments = Enrollment.objects.filter(learner=learner)
    if is_customer_only(user):
        return enrollments.filter(customer__users=user)
    return enrollments


def is_customer_only(user) -> bool:
    """A customer's representative with no other role: they see the learners of their
    contracts, never the families' or the school's side of them."""
    return roles_of(user) == {Role.CUSTOMER}


def teaching_assignments(user) -> QuerySet[TeachingAssignment]:
    """What the user may enter marks for: a teacher only their own subjects in their
    own groups. Nobody else writes the journal through this scope (the deputy's
    corrections go through their own, audited, services)."""
    staff_id = _staff_id(user)
    if staff_id is None or Role.TEACHER not in roles_of(user):
        return TeachingAssignment.objects.none()
    return TeachingAssignment.objects.filter(teacher_id=staff_id)


def can_teach(user, *, group, subject) -> bool:
    return teaching_assignments(user).filter(group=group, subject=subject).exists()


def refuse(user, what: str, pk) -> Http404:
    """Log a refusal (R-SEC-2) and return the 404 to raise."""
    log.warning(
        "access refused: user=%s roles=%s %s=%s",
        getattr(user, "pk", None),
        ",".join(sorted(roles_of(user))),
        what,
        pk,
    )
    return Http404("Нет такой записи или нет доступа к ней.")


def get_learner_for_user(user, pk) -> Learner:
    learner = visible_learners(user).filter(pk=pk).first()
    if learner is None:
        raise refuse(user, "learner", pk)
    return learner


def get_learner_results_for_user(user, pk) -> Learner:
    learner = result_learners(user).filter(pk=pk).first()
    if learner is None:
        raise refuse(user, "learner_results", pk)
    return learner


def get_group_for_user(user, pk, *, results: bool = False) -> StudyGroup:
    group = (
        visible_groups(user, results=results)
        .select_related("year", "programme", "class_teacher")
        .filter(pk=pk)
    )
    found = group.first()
    if found is None:
        raise refuse(user, "group", pk)
    return found


class JournalAccess(IntEnum):
    """What a user may do with one journal (group × subject)."""

    NONE = 0
    READ = 1
    # The subject teacher: enters lessons, marks and attendance while the period is open.
    WRITE = 2
    # The deputy: corrects any journal, closed periods included, with a written reason.
    CORRECT = 3


def journal_access(user, *, group_id: int, subject_id: int) -> JournalAccess:
    roles = roles_of(user)
    if Role.DEPUTY in roles:
        return JournalAccess.CORRECT
    staff_id = _staff_id(user)
    if (
        staff_id is not None
        and Role.TEACHER in roles
        and TeachingAssignment.objects.filter(
            teacher_id=staff_id, group_id=group_id, subject_id=subject_id
        ).exists()
    ):
        return JournalAccess.WRITE
    if roles & ALL_RESULTS:
        return JournalAccess.READ
    if (
        staff_id is not None
        and Role.CLASS_TEACHER in roles
        and StudyGroup.objects.filter(pk=group_id, class_teacher_id=staff_id).exists()
    ):
        return JournalAccess.READ
    return JournalAccess.NONE


def journal_scope(user):
    """The (group, subject) journals a user may open, as a TeachingAssignment
    queryset (one row per journal and teacher)."""
    roles = roles_of(user)
    if roles & ALL_RESULTS:
        return TeachingAssignment.objects.all()
    staff_id = _staff_id(user)
    if staff_id is None:
        return TeachingAssignment.objects.none()
    condition = Q(pk__in=[])
    if Role.TEACHER in roles:
        condition |= Q(teacher_id=staff_id)
    if Role.CLASS_TEACHER in roles:
        condition |= Q(group__class_teacher_id=staff_id)
    return TeachingAssignment.objects.filter(condition)


def keeps_portfolio(user, learner_id: int) -> bool:
    """Who keeps a learner's portfolio (R-PF-3): the class teacher of a group the
    learner is in now, and the deputy."""
    roles = roles_of(user)
    if Role.DEPUTY in roles:
        return True
    staff_id = _staff_id(user)
    return (
        staff_id is not None
        and Role.CLASS_TEACHER in roles
        and Enrollment.objects.filter(
            learner_id=learner_id, ended_on__isnull=True, group__class_teacher_id=staff_id
        ).exists()
    )


def is_family(user, learner_id: int) -> bool:
    """The learner themselves or one of their legal representatives."""
    roles = roles_of(user)
    if Role.LEARNER in roles and Learner.objects.filter(pk=learner_id, user=user).exists():
        return True
    return (
        Role.PARENT in roles
        and Learner.objects.filter(pk=learner_id, guardianships__guardian__user=user).exists()
    )


def family_learners(user) -> QuerySet[Learner]:
    """The learners whose family the user is: themselves (a learner's own account) and
    the children they represent — what is_family answers for one learner."""
    roles = roles_of(user)
    condition = Q(pk__in=[])
    if Role.LEARNER in roles:
        condition |= Q(user=user)
    if Role.PARENT in roles:
        condition |= Q(pk__in=represented_learners(user).values("pk"))
    return Learner.objects.filter(condition)


def represented_learners(user) -> QuerySet[Learner]:
    """Learners the user is a legal representative of. Unlike visible_learners, a
    parent who also teaches gets only their own children here: what a family may do
    (apply, sign) is not widened by the classes they teach."""
    if Role.PARENT not in roles_of(user):
        return Learner.objects.none()
    return Learner.objects.filter(
        pk__in=Learner.objects.filter(guardianships__guardian__user=user).values("pk")
    )


# Who grants rewards (R-RW-3): the director signs the orders; the deputy approves the
# kinds that need no order and hands rewards out.
REWARD_OFFICE = frozenset({Role.DEPUTY, Role.DIRECTOR})


def runs_rewards(user) -> bool:
    return bool(roles_of(user) & REWARD_OFFICE)


def leads_class_of(user, learner_id: int) -> bool:
    """The class teacher of a group the learner is in now."""
    staff_id = _staff_id(user)
    return (
        staff_id is not None
        and Role.CLASS_TEACHER in roles_of(user)
        and Enrollment.objects.filter(
            learner_id=learner_id, ended_on__isnull=True, group__class_teacher_id=staff_id
        ).exists()
    )


def teaches_learner(user, learner_id: int) -> bool:
    """A teacher of a group the learner is in now, or its class teacher."""
    staff_id = _staff_id(user)
    roles = roles_of(user)
    if staff_id is None or not roles & {Role.TEACHER, Role.CLASS_TEACHER}:
        return False
    return Enrollment.objects.filter(
        Q(group__assignments__teacher_id=staff_id) | Q(group__class_teacher_id=staff_id),
        learner_id=learner_id,
        ended_on__isnull=True,
    ).exists()


# Who issues official documents and answers families' requests (R-AR-6, R-AR-7): the
# deputy and the director sign them, the clerk keeps the registers and personal files.
DOCUMENT_OFFICE = frozenset({Role.DEPUTY, Role.DIRECTOR, Role.CLERK})
# Who reads the disclosure log of the whole organisation (001 §4.2); a family reads
# only the rows about their own learner.
DISCLOSURE_READERS = frozenset({Role.DEPUTY, Role.DIRECTOR})


def issues_documents(user) -> bool:
    return bool(roles_of(user) & DOCUMENT_OFFICE)


def reads_disclosures(user) -> bool:
    return bool(roles_of(user) & DISCLOSURE_READERS)


def reads_group_statistics(user, group: StudyGroup) -> bool:
    """A class's statistics show every subject's results of every learner in it: for the
    deputy, the director and the class's own class teacher, not for a subject teacher
    who sees the class through their journal."""
    if sees_all_results(user):
        return True
    staff_id = _staff_id(user)
    return staff_id is not None and group.class_teacher_id == staff_id


# Final attestation of training groups by a commission (R-JRN-11; 004 §2.4). The
# programmes of a training company whose groups sit before a commission.
TRAINING_LEVELS = ProgrammeLevel.training()
# The deputy forms the commission and records its results (the commission's secretary
# is the deputy here); the director reads; the group's teachers and its curator read
# the commissions of their own groups.
FINAL_ATTESTATION_READERS = frozenset(
    {Role.DEPUTY, Role.DIRECTOR, Role.TEACHER, Role.CLASS_TEACHER}
)


def can_manage_final_attestation(user) -> bool:
    return has_role(user, Role.DEPUTY)


def reads_final_attestation(user) -> bool:
    return bool(roles_of(user) & FINAL_ATTESTATION_READERS)


def final_attestation_groups(user) -> QuerySet[StudyGroup]:
    """The training groups whose commissions and results the user may open: all of
    them for the deputy and the director, the groups they teach or curate for a
    teacher; none for anyone else (families, customers, the clerk, the administrator:
    a customer reads its own learners' results on the contract's page)."""
    if not reads_final_attestation(user):
        return StudyGroup.objects.none()
    return visible_groups(user, results=True).filter(programme__level__in=TRAINING_LEVELS)
