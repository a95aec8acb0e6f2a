from django.apps import AppConfig


class CreditTransferConfig(AppConfig):
    name = "credit_transfer"
    verbose_name = "Зачёт результатов"

    def ready(self):
        # The start pages show the applications through common/panels.py.
        from credit_transfer.panels import register_panels

        register_panels()
