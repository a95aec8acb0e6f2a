"""The workflow's one edge table (credit_transfer/workflow.py) and what reads it: every
edge is offered by ``allowed_moves`` to exactly the people the transition service lets
make it, and every move offered succeeds through the service; the pages' buttons and
the printed documents follow the same table."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from credit_transfer import services, workflow
from credit_transfer.models import OPEN_STATUSES, Application, Conversion, Status
from learners.models import ScaleKind
from tests.credit_transfer.conftest import make_application, reach

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ENGLISH = {  # another scale: the English teacher of 7А converts it
    "subject": "Иностранный язык (английский)",
    "external_name": "Иностранный язык (английский)",
    "external_scale": ScaleKind.LEVELS,
    "external_result": "высокий",
    "external_hours": 102,
}
RENAMED = {"subject": "Информатика", "external_name": "Программирование на Python"}
# The lines that let a move to or from a status succeed.
LINES = {Status.WITH_TEACHER: [ENGLISH], Status.WITH_COUNCIL: [RENAMED]}
DETAILS = {
    "comment": "Выбыл из другой организации",
    "order_number": "15-у",
    "order_date": TODAY,
    "returns_on": TODAY + timedelta(days=1),
}
PEOPLE = ["parent", "other_parent", "deputy", "director", "clerk",
          "Информатика", "Английский язык", "Информатика 7Б"]  # fmt: skip

# (from, to) → who is offered the move and makes it
EXPECTED = {
    (Status.DRAFT, Status.SUBMITTED): {"parent"},
    (Status.SUBMITTED, Status.UNDER_REVIEW): {"deputy"},
    (Status.UNDER_REVIEW, Status.WITH_TEACHER): {"deputy"},
    (Status.UNDER_REVIEW, Status.WITH_COUNCIL): {"deputy"},
    (Status.UNDER_REVIEW, Status.DOCUMENTS_REQUESTED): {"deputy"},
    (Status.DOCUMENTS_REQUESTED, Status.SUBMITTED): {"parent"},
    (Status.WITH_TEACHER, Status.UNDER_REVIEW): {"deputy", "Английский язык"},
    (Status.UNDER_REVIEW, Status.DECIDED): {"deputy"},
    (Status.WITH_COUNCIL, Status.DECIDED): {"deputy"},
    (Status.DECIDED, Status.ORDER_ISSUED): {"director"},
    (Status.ORDER_ISSUED, Status.EXEMPTION_ENDED): {"deputy"},
    **{(status, Status.WITHDRAWN): {"parent"} for status in OPEN_STATUSES},
}


def person(school, name):
    return school.teachers[name] if name in school.teachers else getattr(school, name)


def at(school, move) -> Application:
    """An application at the move's source from which it can succeed."""
    source = move.source
    lines = LINES.get(move.target) or LINES.get(source) or ["Информатика"]
    application = reach(school, source, lines)
    if source == Status.WITH_TEACHER:
        # The teacher has converted but not yet handed back (a conversion through
        # services.line_convert would hand back at once).
        application.lines.update(conversion=Conversion.CREDIT_5)
    if source == Status.WITH_COUNCIL:
        services.council_record(
            application=application,
            protocol_number="3",
            protocol_date=TODAY,
            decisions={line.pk: "credit" for line in application.lines.all()},
            actor=school.deputy,
        )
    return Application.objects.get(pk=application.pk)


class Undo(Exception):
    """Rolls an attempt back."""


def made_by(application, move, user) -> bool:
    """Whether the service lets ``user`` make ``move``: True when it succeeds, False
    when it refuses the user; any other refusal fails the test. Nothing stays."""
    try:
        with transaction.atomic():
            moved = services.application_transition(
                application=application, to=move.target, actor=user, **DETAILS
            )
            assert moved.status == move.target
            raise Undo
    except Undo:
        return True
    except PermissionDenied:
        return False


def test_edge_table_one_move_per_edge_each_expected():
    assert [move.key for move in workflow.MOVES] == list(workflow.TRANSITIONS)
    assert set(workflow.TRANSITIONS) == set(EXPECTED)


@pytest.mark.parametrize("key", list(EXPECTED), ids=lambda key: "→".join(key))
def test_allowed_moves_offered_exactly_to_who_makes_it(school, key):
    move = workflow.TRANSITIONS[key]
    application = at(school, move)

    offered = {
        name for name in PEOPLE if move in workflow.allowed_moves(application, person(school, name))
    }
    made = {name for name in PEOPLE if made_by(application, move, person(school, name))}

    assert (offered, made) == (EXPECTED[key], EXPECTED[key])
    assert Application.objects.get(pk=application.pk).status == move.source


def test_allowed_moves_of_paper_application_offered_to_registrars(school):
    application = make_application(school, ["Информатика"], is_paper=True)
    services.application_transition(
        application=application, to=Status.SUBMITTED, actor=school.clerk
    )
    application.refresh_from_db()

    offered = {
        name: [move.name for move in workflow.allowed_moves(application, person(school, name))]
        for name in PEOPLE
    }

    assert offered == {
        "parent": ["withdraw"],
        "other_parent": [],
        "deputy": ["review", "withdraw"],
        "director": [],
        "clerk": ["withdraw"],
        "Информатика": [],
        "Английский язык": [],
        "Информатика 7Б": [],
    }


def test_review_page_buttons_one_target_and_label_each():
    buttons = {}
    for move in workflow.MOVES:
        if move.page == workflow.ADMIN:
            buttons.setdefault(move.name, set()).add((move.target, move.label))

    assert {name: len(kinds) for name, kinds in buttons.items()} == dict.fromkeys(buttons, 1)
    assert [name for name in buttons if workflow.move_named(name).page != workflow.ADMIN] == []


def test_review_page_moves_leave_the_teacher_to_the_conversions(school):
    application = at(school, workflow.TRANSITIONS[Status.WITH_TEACHER, Status.UNDER_REVIEW])

    assert [m.name for m in workflow.review_page_moves(application, school.deputy)] == [
        "back_to_review"
    ]
    assert workflow.review_page_moves(application, school.teachers["Английский язык"]) == []


def test_documents_of_each_status():
    documents = {
        status: [kind for kind, _ in workflow.documents_of(Application(status=status))]
        for status in Status
    }

    assert documents == {
        Status.DRAFT: [],
        Status.SUBMITTED: ["application"],
        Status.UNDER_REVIEW: ["application"],
        Status.DOCUMENTS_REQUESTED: ["application"],
        Status.WITH_TEACHER: ["application"],
        Status.WITH_COUNCIL: ["application"],
        Status.WITHDRAWN: ["application"],
        Status.DECIDED: ["application", "decision"],
        Status.ORDER_ISSUED: ["application", "decision", "order"],
        Status.EXEMPTION_ENDED: ["application", "decision", "order"],
    }
