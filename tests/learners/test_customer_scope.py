import pytest

from learners.models import Role
from tests.factories import (
    CustomerFactory,
    EnrollmentFactory,
    GuardianshipFactory,
    StudyGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contracted_learner():
    """A pupil of class 7А who also attends a club paid for by a customer."""
    school = EnrollmentFactory(group=StudyGroupFactory(name="7А"))
    customer = CustomerFactory(name="АО «Технопарк»")
    club = EnrollmentFactory(
        learner=school.learner,
        group=StudyGroupFactory(name="Робототехника-1"),
        customer=customer,
    )
    GuardianshipFactory(learner=school.learner, guardian__last_name="Семейная")
    user = UserFactory(roles=[Role.CUSTOMER])
    customer.users.add(user)
    return user, club


def test_customer_learner_page_shows_only_contract_enrollments(client, contracted_learner):
    user, club = contracted_learner
    client.force_login(user)

    page = client.get(f"/learners/{club.learner_id}/").content.decode()

    assert "Робототехника-1" in page
    assert "7А" not in page


def test_customer_learner_page_hides_guardians(client, contracted_learner):
    user, club = contracted_learner
    client.force_login(user)

    page = client.get(f"/learners/{club.learner_id}/").content.decode()

    assert "Законные представители" not in page
    assert "Семейная" not in page


def test_customer_start_page_lists_only_contract_groups(client, contracted_learner):
    user, club = contracted_learner
    client.force_login(user)

    page = client.get("/contracted/").content.decode()

    assert club.learner.full_name in page
    assert "Робототехника-1" in page
    assert "7А" not in page


def test_deputy_learner_page_shows_every_enrollment(client, contracted_learner):
    _, club = contracted_learner
    client.force_login(UserFactory(roles=[Role.DEPUTY]))

    page = client.get(f"/learners/{club.learner_id}/").content.decode()

    assert "Робототехника-1" in page
    assert "7А" in page
    assert "Семейная" in page


def test_customer_diary_refused(client, contracted_learner):
    user, club = contracted_learner
    client.force_login(user)

    response = client.get(f"/diary/{club.learner_id}/")

    assert response.status_code == 404
