import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests (hypothesis): the same examples on every machine and in CI (derandomize),
# no example database, and its caches (constants, Unicode tables) kept outside the
# checkout; no deadline (a request's time varies with the machine). The function-scoped
# fixtures (client, the school) are meant to be shared by a test's examples: each
# example leaves the rows as it found them or saved them on purpose.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "uchet-hypothesis")
)
hypothesis_settings.register_profile(
    "uchet",
    database=None,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.load_profile("uchet")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # Hashing with the production hasher costs ~0.3 s a user; tests make hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    # The archive and its two backup places, fresh for every test.
    settings.STORAGES = {
        **settings.STORAGES,
        **{
            alias: {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(tmp_path / alias)},
            }
            for alias in ("archive", *settings.ARCHIVE_BACKUP_STORAGES)
        },
    }
