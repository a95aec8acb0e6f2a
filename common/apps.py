from django.apps import AppConfig


class CommonConfig(AppConfig):
    """What every app shares and no app owns (DESIGN: common/ imports no app)."""

    name = "common"
    verbose_name = "Общее"
