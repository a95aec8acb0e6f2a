"""The archive's two workflows as edge tables (DESIGN «Workflows»): the transfer of a
snapshot to the archive (000 §6.7) and the act of destruction (R-AR-4). Each edge says
who may take it, what the history says and whether a comment is required; the
transition services refuse anything not here."""

from dataclasses import dataclass

from archive.models import DestructionStatus, TransferStatus
from learners.models import Role


@dataclass(frozen=True)
class Move:
    role: Role
    button: str
    done: str
    needs_comment: bool = False


TRANSFER_MOVES: dict[tuple[str, str], Move] = {
    (TransferStatus.KEPT, TransferStatus.HANDED): Move(
        Role.DEPUTY, "Передать в архив", "Снимок передан в архив."
    ),
    (TransferStatus.HANDED, TransferStatus.ACCEPTED): Move(
        Role.CLERK, "Принять в архив", "Снимок принят в архив."
    ),
    (TransferStatus.HANDED, TransferStatus.KEPT): Move(
        Role.CLERK, "Вернуть заместителю директора", "Снимок возвращён.", needs_comment=True
    ),
}

DESTRUCTION_MOVES: dict[tuple[str, str], Move] = {
    (DestructionStatus.DRAFT, DestructionStatus.APPROVED): Move(
        Role.DIRECTOR, "Утвердить акт", "Акт утверждён."
    ),
    (DestructionStatus.DRAFT, DestructionStatus.REFUSED): Move(
        Role.DIRECTOR, "Не утверждать", "Акт не утверждён.", needs_comment=True
    ),
    (DestructionStatus.APPROVED, DestructionStatus.EXECUTED): Move(
        Role.CLERK, "Уничтожить файлы по акту", "Файлы уничтожены по акту."
    ),
}


def allowed(moves: dict, status: str, user) -> list[tuple[str, Move]]:
    """The edges from ``status`` that ``user`` may take: (target, move)."""
    from learners.access import has_role

    return [
        (target, move)
        for (source, target), move in moves.items()
        if source == status and has_role(user, move.role)
    ]
