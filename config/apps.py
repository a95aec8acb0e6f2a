from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ProjectConfig(AppConfig):
    """Project-wide wiring that belongs to no domain app."""

    name = "config"
    verbose_name = "Настройки проекта"

    def ready(self):
        from config.sqlite import install_unicode_like

        connection_created.connect(install_unicode_like, dispatch_uid="uchet_sqlite_like")
