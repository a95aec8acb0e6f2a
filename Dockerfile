# Uchet web and worker image, built from uv.lock.
FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PATH=/app/.venv/bin:$PATH

# WeasyPrint renders through Pango; the fonts carry Cyrillic for printed documents.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
RUN pip install --no-cache-dir "uv>=0.9"
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
RUN DEBUG=0 SECRET_KEY=build-only STATIC_MANIFEST=1 python manage.py collectstatic --no-input -v 0

RUN useradd --system --uid 1000 --home /app uchet \
    && mkdir -p /app/var/media \
    && chown -R uchet /app/var
USER uchet

EXPOSE 8000
# Workers and threads are sized to the machine by config/gunicorn.conf.py (gthread,
# two workers a core, four threads each); WEB_CONCURRENCY and GUNICORN_THREADS override.
CMD ["gunicorn", "config.wsgi:application", "-c", "config/gunicorn.conf.py", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
