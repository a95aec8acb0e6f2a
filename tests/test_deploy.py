"""What can be checked of the deployment without a Docker engine: the compose file
parses, every command it runs exists in the project, the image installs from the
lock file, and .env.example documents every variable the settings read."""

import importlib
import re
import shlex
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def manage_commands(command: str) -> list[str]:
    return re.findall(r"manage\.py\s+(\w+)", command)


def test_compose_services_are_database_web_worker_and_scheduler():
    services = compose()["services"]
    assert sorted(services) == ["db", "scheduler", "web", "worker"]
    assert services["db"]["image"].startswith("postgres:")
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_compose_web_migrates_then_serves_with_gunicorn(settings):
    # The WSGI module refuses to load without mail (config/checks.py); the compose
    # file's .env provides EMAIL_URL.
    settings.UCHET_MAIL_CONFIGURED = True
    command = compose()["services"]["web"]["command"]
    assert command.index("manage.py migrate") < command.index("gunicorn")
    module, _, attribute = re.search(r"gunicorn (\S+)", command).group(1).partition(":")
    assert callable(getattr(importlib.import_module(module), attribute))


def test_compose_commands_exist_in_project():
    available = get_commands()
    commands = [s["command"] for s in compose()["services"].values() if "command" in s]
    used = [name for command in commands for name in manage_commands(command)]
    assert used == ["migrate", "db_worker", "archive_reap", "archive_verify", "archive_backup"]
    assert all(name in available for name in used)


def test_compose_app_services_share_database_url():
    services = compose()["services"]
    assert services["web"]["environment"] == services["worker"]["environment"]
    assert services["web"]["environment"] == services["scheduler"]["environment"]
    # The archive and both backup places are volumes every app service sees.
    assert services["web"]["volumes"] == services["scheduler"]["volumes"]
    assert services["web"]["volumes"] == services["worker"]["volumes"]
    assert services["web"]["environment"]["DATABASE_URL"].startswith("postgres://uchet:")


def test_dockerfile_installs_from_lock_file():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "COPY pyproject.toml uv.lock ./" in dockerfile
    assert "uv sync --frozen --no-dev" in dockerfile
    cmd = re.search(r"^CMD \[(.*)\]$", dockerfile, re.M).group(1)
    assert shlex.split(cmd.replace(",", " "))[:2] == ["gunicorn", "config.wsgi:application"]


def test_env_example_documents_every_setting_read():
    settings_source = (ROOT / "config" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_source))
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - documented == set()
