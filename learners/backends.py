from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import OuterRef, StringAgg, Subquery, Value

from learners.access import cache_roles
from learners.models import Organisation
from learners.terms import remember_kind


class UchetBackend(ModelBackend):
    """Loads the signed-in user together with their staff record and role names in
    one query: every page needs all three, and the journal's save budget is six
    queries for the whole request."""

    def get_user(self, user_id):
        # A correlated subquery rather than a join: no GROUP BY over every column of
        # the user and staff rows, which PostgreSQL is slow to plan.
        role_names = Subquery(
            Group.objects.filter(user=OuterRef("pk"))
            .values("user")
            .annotate(names=StringAgg("name", delimiter=Value("|")))
            .values("names")
        )
        # The organisation's kind rides along too: every page speaks its terms (R-ORG-6).
        organisation_kind = Subquery(Organisation.objects.order_by("pk").values("kind")[:1])
        user = (
            get_user_model()
            ._default_manager.select_related("staff")
            .annotate(role_names=role_names, organisation_kind=organisation_kind)
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        cache_roles(user, (user.role_names or "").split("|"))
        remember_kind(user.organisation_kind)
        return user
