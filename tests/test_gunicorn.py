"""Gunicorn is sized to the machine in one place (config/gunicorn.conf.py), used by
the image, docker-compose and the load test; its environment variables are documented
in .env.example like every setting."""

import os
import re
import runpy
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "config" / "gunicorn.conf.py"


def sizing(monkeypatch, **env):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_gunicorn_defaults_gthread_two_workers_a_core(monkeypatch):
    conf = sizing(monkeypatch)

    assert conf["worker_class"] == "gthread"
    assert (conf["workers"], conf["threads"]) == (2 * len(os.sched_getaffinity(0)), 4)


def test_gunicorn_environment_overrides(monkeypatch):
    conf = sizing(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_THREADS="8")

    assert (conf["workers"], conf["threads"]) == (3, 8)


def test_gunicorn_variables_documented_in_env_example():
    read = set(re.findall(r'os\.environ\.get\(\s*"([A-Z_]+)"', CONF.read_text()))
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))

    assert read == {"WEB_CONCURRENCY", "GUNICORN_THREADS"}
    assert read <= documented


def test_gunicorn_image_and_compose_use_config():
    dockerfile = (ROOT / "Dockerfile").read_text()
    command = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"][
        "command"
    ]

    assert '"-c", "config/gunicorn.conf.py"' in dockerfile
    assert "gunicorn config.wsgi:application -c config/gunicorn.conf.py" in command
    assert "--workers" not in dockerfile + command
