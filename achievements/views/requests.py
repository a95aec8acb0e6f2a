"""The journal's asynchronous saves: JSON in, JSON out. Each field is read as our own
script sends it, and anything else is refused with a Russian reason, never a 500."""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse

from achievements.journal import Conflict
from common.ids import parse_id
from learners.access import log

# Longer than any cell or attestation value a teacher types; refused before parsing so
# an error message never echoes a megabyte back.
MAX_VALUE_LENGTH = 100


def _no_constant(name):
    # JSON has no Infinity or NaN; Python's parser accepts them unless told not to.
    raise ValueError(f"{name} is not JSON")


def json_body(request) -> dict:
    try:
        data = json.loads(request.body or b"{}", parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        # ValueError: not JSON, not UTF-8, Infinity/NaN, an integer of thousands of
        # digits; RecursionError: arrays nested thousands deep.
        raise ValidationError("Неверный формат запроса.") from error
    if not isinstance(data, dict):
        raise ValidationError("Неверный формат запроса.")
    return data


def json_int(data, key, *, optional=False, minimum=1):
    """An id (or, with minimum=0, a version) as our own script sends it: a JSON
    integer, not a string, a float or true, within the database's 64-bit range."""
    value = data.get(key)
    if value in (None, "") and optional:
        return None
    number = parse_id(value, minimum=minimum) if type(value) is int else None
    if number is None:
        raise ValidationError(f"Неверное значение поля {key}.")
    return number


def json_text(data, key, *, default=""):
    """A string field: missing means ``default``; a list, a number or null is refused,
    not stored as «['x']» or «None»; a lone surrogate cannot be stored in UTF-8."""
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ValidationError(f"Неверное значение поля {key}: ожидается текст.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValidationError(f"Неверное значение поля {key}: недопустимые символы.") from error
    return value


def json_value(data):
    value = json_text(data, "value")
    if len(value) > MAX_VALUE_LENGTH:
        raise ValidationError(
            f"Отметка не может быть длиннее {MAX_VALUE_LENGTH} символов: проверьте, что введено."
        )
    return value


def json_answer(request, save, answer) -> JsonResponse:
    """Run a journal save for an asynchronous request and answer in JSON: 200 with
    what was stored, 409 with the current value after a stale save, 403 outside the
    user's journals, 400 with the Russian reason for anything else refused."""
    try:
        result = save(json_body(request))
    except Conflict as conflict:
        payload = {"error": conflict.messages[0], "value": conflict.current}
        return JsonResponse({"ok": False, **payload, "version": conflict.version}, status=409)
    except PermissionDenied as error:
        log.warning("access refused: user=%s %s", request.user.pk, request.path)
        return JsonResponse({"ok": False, "error": str(error)}, status=403)
    except ValidationError as error:
        payload = {"ok": False, "error": "; ".join(error.messages)}
        if getattr(error, "code", None) == "reason_required":
            payload["needs_reason"] = True
        return JsonResponse(payload, status=400)
    return JsonResponse({"ok": True, **answer(result)})
