"""What the tests of the staff's reward pages share: who is who, and how a page is
opened or a nomination posted."""

from django.contrib.messages import get_messages

from learners.models import Role
from rewards.models import Ground
from tests.rewards.factories import kind

NOT_STAFF = "Представлять к поощрению могут учителя, классные руководители и администрация."
NOT_FOR_ROLE = (
    "Поощрения доступны учителям, классным руководителям, администрации и семьям обучающихся."
)
STAFF = ["teacher", "class_teacher", "deputy", "director"]
MERIT = "За победу в муниципальном этапе олимпиады по математике"


def messages_of(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


def user_of(school, actor):
    if actor in {"customer", "administrator"}:
        return school.build.user(Role.CUSTOMER if actor == "customer" else Role.ADMINISTRATOR)
    return school.actor(actor)


def get_as(client, school, actor, url):
    client.force_login(user_of(school, actor))
    return client.get(url)


def post_nomination(client, user, **fields):
    client.force_login(user)
    data = {
        "kind": kind(fields.pop("code", "certificate")).pk,
        "ground": Ground.STUDY,
        "merit": MERIT,
        **fields,
    }
    return client.post("/rewards/nominate/", data)
