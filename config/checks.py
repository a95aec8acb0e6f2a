"""System checks of the deployment that Django's own do not cover."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

MAIL_MISSING = Error(
    "EMAIL_URL не задан: письма семьям и ссылки для восстановления пароля не уйдут.",
    hint="Укажите EMAIL_URL, например smtp+tls://user:password@smtp.example.org:587.",
    id="uchet.E001",
)


@register(Tags.security, deploy=True)
def mail_configured(app_configs=None, **kwargs):
    return [] if settings.UCHET_MAIL_CONFIGURED else [MAIL_MISSING]


def require_production_settings() -> None:
    """Called by the WSGI entry point: a production server without mail does not start."""
    errors = mail_configured()
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
