"""Who may open and who may fill in the levels of an association (R-JRN-14). The grid
is the teaching staff's: the association's own teachers and the deputy, who controls
the record (002 §5.3), enter levels; the director reads them. The family reads its own
learner's levels only on the achievement sheet (002 §2.3: parents are told of the
results)."""

from django.core.exceptions import PermissionDenied

from learners.access import has_role, staff_id_of
from learners.models import ProgrammeLevel, Role, StudyGroup

# An association is a group of an additional general education programme; a school's
# club is one too.
ASSOCIATION_LEVELS = (
    ProgrammeLevel.ADDITIONAL_DEVELOPING,
    ProgrammeLevel.ADDITIONAL_PREPROFESSIONAL,
)
READERS = (Role.TEACHER, Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR)


def read_only() -> str:
    return "Эти уровни вы можете только просматривать."


def require_reader(user) -> None:
    if not has_role(user, *READERS):
        raise PermissionDenied("Уровни освоения программ — для педагогов и администрации.")


def is_association(group: StudyGroup) -> bool:
    return group.programme.level in ASSOCIATION_LEVELS


def may_write(user, group: StudyGroup) -> bool:
    """For a group the user already sees: the deputy, the group's teachers and its
    leader (class_teacher) enter levels; everyone else who sees it reads."""
    if has_role(user, Role.DEPUTY):
        return True
    if not has_role(user, Role.TEACHER, Role.CLASS_TEACHER):
        return False
    staff_id = staff_id_of(user)
    if staff_id is None:
        return False
    return (
        group.class_teacher_id == staff_id or group.assignments.filter(teacher_id=staff_id).exists()
    )
