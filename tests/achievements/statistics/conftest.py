import pytest

from tests.achievements.statistics.built import Built


@pytest.fixture
def built(db):
    return Built()
