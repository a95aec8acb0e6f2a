from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from learners.access import roles_of
from learners.models import Role
from learners.navigation import START_PAGES, start_pages
from learners.terms import SCHOOL_ONLY_PAGES, OrganisationKind, current_kind, current_terms

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
    the organisation's kind: a label may name a term («{my_group}»), and the pages of
    a school's regulations are left out of another kind's menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    kind = current_kind()
    words = current_terms()
    hidden = set()
    if kind != OrganisationKind.SCHOOL:
        hidden = {reverse(name) for _, name, _ in START_PAGES if name in SCHOOL_ONLY_PAGES}
    pages = [(url, title) for url, title in start_pages(user) if url not in hidden]
    roles = sorted(
        words[ROLE_TERMS[role]] if role in ROLE_TERMS else role.label for role in roles_of(user)
    )
    return {"nav_pages": pages, "user_roles": roles}
