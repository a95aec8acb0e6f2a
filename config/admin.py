from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class UchetAdminSite(admin.AdminSite):
    site_header = "Учёт результатов и поощрений"
    site_title = "Учёт"
    index_title = "Администрирование"

    def has_permission(self, request):
        # The admin site is where the deputy, director, clerk and administrator work:
        # holding one of those roles is what lets a person in, not a separate flag
        # someone must remember to tick. What they may do there is still decided by
        # the model permissions of their role (learners/roles.py).
        from learners.access import has_admin_site_role

        user = request.user
        return user.is_active and (user.is_staff or has_admin_site_role(user))


class UchetAdminConfig(AdminConfig):
    default_site = "config.admin.UchetAdminSite"
