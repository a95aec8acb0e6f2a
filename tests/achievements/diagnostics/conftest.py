"""The journal fixture's 5А in its first quarter, seen as a diagnostics grid."""

import pytest

from tests.achievements.people import People


@pytest.fixture
def people(journal):
    return People(journal)
