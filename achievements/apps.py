from django.apps import AppConfig


class AchievementsConfig(AppConfig):
    name = "achievements"
    verbose_name = "Журнал и портфолио"

    def ready(self):
        # The start pages show the journal's and the statistics' panels through
        # common/panels.py: learners must not import achievements.
        from achievements.panels import register_panels

        register_panels()
