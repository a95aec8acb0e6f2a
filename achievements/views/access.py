"""What every journal page checks first."""

from learners.access import JournalAccess, journal_access, refuse


def journal_or_404(user, group_id, subject_id, minimum=JournalAccess.READ) -> JournalAccess:
    access = journal_access(user, group_id=group_id, subject_id=subject_id)
    if access < minimum:
        raise refuse(user, "journal", f"{group_id}/{subject_id}")
    return access
