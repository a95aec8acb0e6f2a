from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django_tasks_db.apps import TasksAppConfig


class ProjectConfig(AppConfig):
    """Project-wide wiring that belongs to no domain app."""

    name = "config"
    verbose_name = "Настройки проекта"

    def ready(self):
        from django.urls import register_converter

        from common.ids import IdConverter
        from config import checks  # noqa: F401  (registers the deployment checks)
        from config.sqlite import install_unicode_like

        # <id:…> in every app's URLs: an id too big for the database answers 404.
        register_converter(IdConverter, "id")

        connection_created.connect(install_unicode_like, dispatch_uid="uchet_sqlite_like")


# Third-party apps name themselves in English on the admin index («AXES», «TASKS
# DATABASE BACKEND»), and not through gettext, so no catalogue can translate them:
# INSTALLED_APPS lists these subclasses in their place.
class LoginLockoutConfig(AxesConfig):
    verbose_name = "Блокировка входа после неудачных попыток"


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = "Фоновые задачи"
