from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import StringAgg, Value

from learners.access import cache_roles


class UchetBackend(ModelBackend):
    """Loads the signed-in user together with their staff record and role names in
    one query: every page needs all three, and the journal's save budget is six
    queries for the whole request."""

    def get_user(self, user_id):
        user = (
            get_user_model()
            ._default_manager.select_related("staff")
            .annotate(role_names=StringAgg("groups__name", delimiter=Value("|")))
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        cache_roles(user, (user.role_names or "").split("|"))
        return user
