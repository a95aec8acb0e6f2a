from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LearnersConfig(AppConfig):
    name = "learners"
    verbose_name = "Организация и обучающиеся"

    def ready(self):
        from common.sections import register
        from learners.consent_views import consent_section
        from learners.roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="uchet_role_permissions")
        register("learner_card", "consents", consent_section, order=70)
