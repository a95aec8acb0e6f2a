from learners.access import roles_of
from learners.navigation import start_pages


def navigation(request):
    """The start pages of every role the user holds, for the top menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_pages": start_pages(user), "user_roles": sorted(r.label for r in roles_of(user))}
