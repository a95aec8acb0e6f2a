"""Who may open and who may fill in the diagnostics of a class (R-JRN-10, 003 §4.2):
the results are for the teaching staff only."""

from enum import IntEnum

from django.core.exceptions import PermissionDenied

from learners.access import has_role, staff_id_of
from learners.models import Role, StudyGroup

# Families, the clerk, customers and the administrator never see the diagnostics:
# 003 §4.2 keeps them for the teaching staff.
READERS = (Role.TEACHER, Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR)


class Access(IntEnum):
    READ = 1
    WRITE = 2


def require_reader(user) -> None:
    if not has_role(user, *READERS):
        raise PermissionDenied(
            "Педагогическая диагностика — для учителей, классных руководителей и администрации."
        )


def access_to(user, group: StudyGroup) -> Access:
    """For a group the user already sees (``selectors.get_group_or_404``): the deputy,
    the class's teachers and its class teacher fill it in; the director reads it."""
    if has_role(user, Role.DEPUTY):
        return Access.WRITE
    if has_role(user, Role.TEACHER, Role.CLASS_TEACHER) and _works_with(user, group):
        return Access.WRITE
    return Access.READ


def _works_with(user, group: StudyGroup) -> bool:
    staff_id = staff_id_of(user)
    if staff_id is None:
        return False
    return (
        group.class_teacher_id == staff_id or group.assignments.filter(teacher_id=staff_id).exists()
    )
