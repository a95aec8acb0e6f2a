from django.utils.functional import SimpleLazyObject

from learners.access import roles_of
from learners.models import Role
from learners.navigation import start_pages
from learners.terms import current_terms

# Role names shown in the account block that differ by kind of organisation.
ROLE_TERMS = {
    Role.TEACHER: "Teacher",
    Role.CLASS_TEACHER: "Teacher_of_group",
    Role.LEARNER: "Learner",
}


def terms(request):
    """The organisation's terms (R-ORG-6) as ``terms`` in every template; read only by
    a page that shows one (a signed-in user's page has them already, learners/terms.py)."""
    return {"terms": SimpleLazyObject(current_terms)}


def navigation(request):
    """The start pages of every role the user holds, for the top menu, in the words of
    the organisation's kind (learners/navigation.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    words = current_terms()
    pages = start_pages(user)
    roles = sorted(
        words[ROLE_TERMS[role]] if role in ROLE_TERMS else role.label for role in roles_of(user)
    )
    return {"nav_pages": pages, "user_roles": roles}
