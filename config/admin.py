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

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every admin form refuses control characters in text, as the pages' forms do:
        # a record typed here cannot break the documents made from it (common/text.py).
        from common.admin import refusing_control_characters

        admin_class = refusing_control_characters(admin_class or admin.ModelAdmin)
        super().register(model_or_iterable, admin_class, **options)


class UchetAdminConfig(AdminConfig):
    default_site = "config.admin.UchetAdminSite"
