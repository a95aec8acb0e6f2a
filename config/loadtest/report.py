"""What ``manage.py bench load`` makes of a locust run: figures per endpoint from the
requests the locustfile recorded, and the check that every acknowledged save is in the
database with its history row."""

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model

from achievements.models import CellChange, JournalCell


def read_record(path: Path) -> dict[str, list[dict]]:
    kinds = defaultdict(list)
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                kinds[entry.pop("kind")].append(entry)
    return kinds


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with ``share`` of all at or below it
    (exact, where locust's own table rounds to two significant digits)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


@dataclass
class Line:
    name: str
    requests: int
    errors: int
    rps: float
    p50: float
    p95: float
    p99: float


def summarise(requests: list[dict], *, duration: float) -> list[Line]:
    """One line per endpoint and one for all of them, in the order endpoints appeared."""
    by_name: dict[str, list[dict]] = defaultdict(list)
    for entry in requests:
        by_name[entry["name"]].append(entry)
    lines = []
    for name, entries in [*by_name.items(), ("всего", requests)]:
        times = [e["ms"] for e in entries]
        lines.append(
            Line(
                name,
                len(entries),
                sum(1 for e in entries if not e["ok"]),
                len(entries) / duration if duration else 0.0,
                percentile(times, 0.50),
                percentile(times, 0.95),
                percentile(times, 0.99),
            )
        )
    return lines


def markdown(lines: list[Line]) -> str:
    rows = [
        "| запрос | запросов | в секунду | p50, мс | p95, мс | p99, мс | ошибок |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for line in lines:
        rows.append(
            f"| {line.name} | {line.requests} | {line.rps:.1f} | {line.p50:.0f} | "
            f"{line.p95:.0f} | {line.p99:.0f} | {line.errors} |"
        )
    return "\n".join(rows)


def verify_saves(acks: list[dict], *, history_after: int = 0) -> list[str]:
    """Every save the server answered 200 must be in the database: the cell at least at
    the acknowledged version, holding the acknowledged value if no later save came,
    and a history row by that user with that value for each acknowledged change (rows
    with a key above ``history_after``: written during the run, not the demo's).
    Returns what is missing, in Russian (empty: nothing lost)."""
    if not acks:
        return []
    users = dict(
        get_user_model()
        .objects.filter(username__in={a["user"] for a in acks})
        .values_list("username", "pk")
    )
    keys = {(a["lesson"], a["learner"]) for a in acks}
    cells = {
        (c.lesson_id, c.learner_id): c
        for c in JournalCell.objects.filter(
            lesson_id__in={k[0] for k in keys}, learner_id__in={k[1] for k in keys}
        )
        if (c.lesson_id, c.learner_id) in keys
    }
    history = Counter(
        (cell_id, user_id, "/".join(p for p in (attendance, marks) if p))
        for cell_id, user_id, marks, attendance in CellChange.objects.filter(
            cell__in=[c.pk for c in cells.values()], pk__gt=history_after
        ).values_list("cell_id", "changed_by_id", "new_marks", "new_attendance")
    )
    problems = []
    needed: Counter = Counter()
    latest: dict[tuple, dict] = {}
    for ack in acks:
        key = (ack["lesson"], ack["learner"])
        where = f"урок {key[0]}, обучающийся {key[1]}, «{ack['value']}» (версия {ack['version']})"
        cell = cells.get(key)
        if cell is None:
            problems.append(f"нет ячейки: {where}")
            continue
        if cell.version < ack["version"]:
            problems.append(f"версия ячейки {cell.version} меньше подтверждённой: {where}")
        if ack["version"] != ack.get("sent_version"):
            needed[(cell.pk, users.get(ack["user"]), ack["value"])] += 1
        if key not in latest or ack["version"] > latest[key]["version"]:
            latest[key] = ack
    for key, ack in latest.items():
        cell = cells[key]
        if cell.version == ack["version"] and cell.text != ack["value"]:
            problems.append(
                f"в ячейке «{cell.text}» вместо подтверждённого «{ack['value']}»: "
                f"урок {key[0]}, обучающийся {key[1]} (версия {ack['version']})"
            )
    for (cell_id, user_id, value), count in needed.items():
        if history[(cell_id, user_id, value)] < count:
            problems.append(
                f"нет строки истории: ячейка {cell_id}, «{value}» — подтверждено {count}, "
                f"в истории {history[(cell_id, user_id, value)]}"
            )
    return problems
