"""The WSGI entry point of gunicorn (Dockerfile, docker-compose.yml). It refuses to start
a production server whose settings would lose letters (config/checks.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from config.checks import require_production_settings  # noqa: E402  (needs Django set up)

require_production_settings()
