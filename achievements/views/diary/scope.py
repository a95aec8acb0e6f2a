"""Whose diary the user may open, and which subjects of it."""

from learners.access import get_learner_results_for_user, refuse, result_subjects


def diary_subjects(user, learner_id):
    """The learner and the subjects the user may read in their diary (None: all);
    a user who may read none of them gets the same 404 as for a foreign learner."""
    # A customer's view of results is the one of their contract, not the school diary
    # of a child who also attends a paid club: result_learners leaves them out.
    learner = get_learner_results_for_user(user, learner_id)
    subjects = result_subjects(user, learner)
    if subjects is not None and not subjects:
        raise refuse(user, "diary", learner_id)
    return learner, subjects
