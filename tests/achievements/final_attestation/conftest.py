import pytest

from tests.achievements.final_attestation.factories import build_training


@pytest.fixture
def training(db):
    return build_training()
