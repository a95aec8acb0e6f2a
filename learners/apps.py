from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LearnersConfig(AppConfig):
    name = "learners"
    verbose_name = "Организация и обучающиеся"

    def ready(self):
        from learners.roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="uchet_role_permissions")
