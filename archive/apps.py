from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Архив"

    def ready(self):
        # The learner's card shows the issued documents through common/sections.py:
        # learners must not import archive.
        from archive.documents.sections import register_sections

        register_sections()
        # The overview shows what waits through common/panels.py.
        from archive.panels import register_panels

        register_panels()
