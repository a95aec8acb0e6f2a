from django.apps import AppConfig


class RewardsConfig(AppConfig):
    name = "rewards"
    verbose_name = "Поощрения"

    def ready(self):
        # The learner's pages show rewards through common/sections.py: achievements
        # and learners must not import rewards.
        from rewards.sections import register_sections

        register_sections()
        # The overview shows what waits through common/panels.py.
        from rewards.panels import register_panels

        register_panels()
