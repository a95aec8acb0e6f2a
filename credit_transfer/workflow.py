"""The credit-transfer workflow's one edge table (R-CT-8): every move an application may
make, who may make it, how the history names it and how the pages offer it.

The transition service (services.application_transition) refuses anything not in
``MOVES``; the admin's review page, the family's status page and the application form
offer what ``allowed_moves`` returns; the printed documents exist from the statuses
named below, which are read off the same table."""

from dataclasses import dataclass

from django.utils.functional import lazy

from credit_transfer import selectors
from credit_transfer.models import OPEN_STATUSES, Application, Status
from learners.access import can_teach, has_role
from learners.models import Role
from learners.terms import current_terms

# Worded when shown, in the terms of the organisation's kind (R-ORG-6).
_termed = lazy(lambda text: text.format_map(current_terms()), str)

# The capacities a person acts in (acts_as): the table names these rather than roles,
# since being the applicant or a teacher of the lines depends on the application.
APPLICANT, DEPUTY, DIRECTOR, TEACHER = "applicant", "deputy", "director", "teacher"

REFUSALS = {
    APPLICANT: "Это может сделать только заявитель.",
    DEPUTY: "Это решает заместитель директора.",
    DIRECTOR: "Приказ издаёт директор.",
    TEACHER: _termed("Это решает {teacher}, который ведёт предмет в {group_prep}."),
}

# Where a move is offered: a button on the admin's review page, a button on the
# family's status page, or the submit button of the application form.
ADMIN, DETAIL, FORM = "admin", "detail", "form"


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    who: frozenset[str]
    action: str  # the history row's words
    name: str  # the button's value, the same for the edges one button takes
    label: str  # what the button does; «Готово: …» repeats it
    page: str
    comment: bool = True  # the page asks for a comment the family will read
    # When the comment is required: the refusal without it.
    comment_required: str = ""
    # The review page's fields beyond a comment: the partial that asks for them.
    form: str = ""
    button: str = ""  # the button's own text when it says more than the label
    url: str = ""  # the URL name of a move offered outside the admin
    # An irreversible move asks first (data-confirm) saying what will happen, and its
    # message says what happened in words rather than repeating the button.
    confirm: str = ""
    done: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.target)

    @property
    def button_text(self) -> str:
        return self.button or self.label


def _withdraw(source: str) -> Move:
    return Move(
        source,
        Status.WITHDRAWN,
        frozenset({APPLICANT}),
        "Заявление отозвано заявителем",
        name="withdraw",
        label="Отозвать заявление",
        page=DETAIL,
        comment=False,
        url="credit_withdraw",
        confirm=_termed(
            "Заявление будет отозвано: {organisation} прекратит его рассмотрение. Вернуть его "
            "нельзя — для зачёта понадобится подать новое заявление."
        ),
        done=_termed("Заявление отозвано: {organisation} его больше не рассматривает."),
    )


_DECIDE = {
    "name": "decide",
    "label": "Принять решение и сообщить семье",
    "page": ADMIN,
    "form": "credit_transfer/admin/_decide.html",
    "confirm": "Решение будет принято, а семье уйдёт письмо с ним; изменить решение после "
    "этого нельзя.",
    # {outcome}: the outcome's label, e.g. «зачтено полностью».
    "done": "Решение отправлено семье: {outcome}.",
}

MOVES: tuple[Move, ...] = (
    Move(Status.DRAFT, Status.SUBMITTED, frozenset({APPLICANT}), "Заявление подано",
         name="submit", label="Подать заявление", page=FORM, comment=False,
         confirm=_termed("Заявление будет подписано простой электронной подписью и отправлено в "
         "{organisation_acc}; изменить его можно будет только по запросу {organisation_gen}."),
         done="Заявление подано."),
    Move(Status.SUBMITTED, Status.UNDER_REVIEW, frozenset({DEPUTY}), "Принято к рассмотрению",
         name="review", label="Взять в работу", page=ADMIN, comment=False),
    Move(Status.UNDER_REVIEW, Status.WITH_TEACHER, frozenset({DEPUTY}),
         _termed("Передано {subject_teacher_dat}"),
         name="to_teacher", label=_termed("Передать {subject_teacher_dat}"), page=ADMIN),
    Move(Status.UNDER_REVIEW, Status.WITH_COUNCIL, frozenset({DEPUTY}),
         "Передано на педагогический совет",
         name="to_council", label="Передать на педагогический совет", page=ADMIN),
    Move(Status.UNDER_REVIEW, Status.DOCUMENTS_REQUESTED, frozenset({DEPUTY}),
         "Запрошены дополнительные документы",
         name="request_documents", label="Запросить документы", page=ADMIN,
         comment_required="Напишите семье, какие документы нужны и почему (п. 4.8)."),
    Move(Status.DOCUMENTS_REQUESTED, Status.SUBMITTED, frozenset({APPLICANT}),
         "Заявление подано повторно",
         name="submit", label="Отправить повторно", page=FORM, comment=False),
    # The teachers hand back by their last conversion (services.line_convert); the
    # deputy may take it back earlier.
    Move(Status.WITH_TEACHER, Status.UNDER_REVIEW, frozenset({TEACHER, DEPUTY}),
         "Возвращено на рассмотрение",
         name="back_to_review", label="Вернуть на рассмотрение", page=ADMIN,
         button=_termed("Вернуть на рассмотрение, не дожидаясь {teacher_gen}")),
    Move(Status.UNDER_REVIEW, Status.DECIDED, frozenset({DEPUTY}), "Принято решение", **_DECIDE),
    Move(Status.WITH_COUNCIL, Status.DECIDED, frozenset({DEPUTY}), "Принято решение", **_DECIDE),
    Move(Status.DECIDED, Status.ORDER_ISSUED, frozenset({DIRECTOR}), "Издан приказ",
         name="order", label="Зарегистрировать приказ", page=ADMIN, comment=False,
         form="credit_transfer/admin/_order.html",
         confirm="Приказ будет зарегистрирован, а зачтённые отметки выставлены в журнал; "
         "отменить это нельзя.",
         done="Приказ зарегистрирован, отметки выставлены."),
    Move(Status.ORDER_ISSUED, Status.EXEMPTION_ENDED, frozenset({DEPUTY}),
         "Освобождение от посещения занятий прекращено",
         name="end_exemption", label="Прекратить освобождение", page=ADMIN,
         confirm="Освобождение от посещения занятий будет прекращено; вернуть его нельзя.",
         done="Освобождение от посещения занятий прекращено.",
         form="credit_transfer/admin/_end_exemption.html",
         comment_required=_termed("Укажите причину: например, {learner} отчислен из другой "
         "организации (п. 5.5).")),
    *(_withdraw(status) for status in OPEN_STATUSES),
)  # fmt: skip

TRANSITIONS: dict[tuple[str, str], Move] = {move.key: move for move in MOVES}


def move_named(name: str) -> Move | None:
    """The first move a button of this name makes. The edges a review-page button
    takes share its target and its label (tests/credit_transfer/test_workflow.py)."""
    return next((move for move in MOVES if move.name == name), None)


def reachable(status: str) -> frozenset[str]:
    """``status`` and every status an application may come to from it."""
    found, todo = {status}, [status]
    while todo:
        current = todo.pop()
        for move in MOVES:
            if move.source == current and move.target not in found:
                found.add(move.target)
                todo.append(move.target)
    return frozenset(found)


# What the printed documents need: the application once signed, the decision once
# taken, the order once issued.
SUBMITTED_STATUSES = reachable(Status.SUBMITTED)
DECIDED_STATUSES = reachable(Status.DECIDED)
ORDERED_STATUSES = reachable(Status.ORDER_ISSUED)

# The printed documents: kind → (the file's title, the statuses it exists in).
DOCUMENTS = {
    "application": ("Заявление о зачёте", SUBMITTED_STATUSES),
    "decision": ("Решение о зачёте", DECIDED_STATUSES),
    "order": ("Приказ о зачёте", ORDERED_STATUSES),
}


def documents_of(application: Application) -> list[tuple[str, str]]:
    """(kind, title) of the documents the application has by now."""
    return [
        (kind, title)
        for kind, (title, statuses) in DOCUMENTS.items()
        if application.status in statuses
    ]


def acts_as(user, application: Application, capacity: str) -> bool:
    """Whether ``user`` acts in ``capacity`` on this application."""
    if capacity == DEPUTY:
        return has_role(user, Role.DEPUTY)
    if capacity == DIRECTOR:
        return has_role(user, Role.DIRECTOR)
    if capacity == TEACHER:
        return any(
            can_teach(user, group=application.group, subject=line.subject)
            for line in application.lines.all()
        )
    # The applicant acts from their own account while they represent the learner; a
    # paper application is carried through by the staff who register its papers.
    if application.is_paper and has_role(user, Role.DEPUTY, Role.CLERK):
        return True
    return user.pk == application.applicant_id and selectors.is_family_of(user, application)


def may_make(user, application: Application, move: Move, *, capacities=None) -> bool:
    """Whether ``user`` may make ``move`` on this application; ``capacities`` narrows
    the capacities counted."""
    who = move.who if capacities is None else move.who & capacities
    return any(acts_as(user, application, capacity) for capacity in who)


def allowed_moves(
    application: Application, user, *, page: str | None = None, capacities=None
) -> list[Move]:
    """The moves ``user`` may make from the application's status now, in the table's
    order; ``page`` keeps those one page offers (asking no more than it needs)."""
    return [
        move
        for move in MOVES
        if move.source == application.status
        and (page is None or move.page == page)
        and may_make(user, application, move, capacities=capacities)
    ]


# A teacher hands back through their conversions, not from the review page.
REVIEW_PAGE_CAPACITIES = frozenset({APPLICANT, DEPUTY, DIRECTOR})


def review_page_moves(application: Application, user) -> list[Move]:
    """The buttons of the admin's review page."""
    return allowed_moves(application, user, page=ADMIN, capacities=REVIEW_PAGE_CAPACITIES)


def status_page_moves(application: Application, user) -> list[Move]:
    """The buttons of the family's status page: the applicant's own, from their
    account (staff carry a paper application through the form)."""
    if user.pk != application.applicant_id:
        return []
    return allowed_moves(application, user, page=DETAIL)


def submit_move(application: Application | None) -> Move:
    """The move the application form's submit button makes."""
    status = application.status if application is not None else Status.DRAFT
    return TRANSITIONS.get((status, Status.SUBMITTED), TRANSITIONS[Status.DRAFT, Status.SUBMITTED])
