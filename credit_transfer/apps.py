from django.apps import AppConfig


class CreditTransferConfig(AppConfig):
    name = "credit_transfer"
    verbose_name = "Зачёт результатов"
