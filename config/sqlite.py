"""SQLite's LIKE folds case for Latin letters only, so a search for «смирнова» would
miss «Смирнова» on the default database. Replace LIKE on each SQLite connection with
a Unicode-aware one; PostgreSQL (UPPER … LIKE UPPER …) needs nothing."""

import functools
import re


@functools.lru_cache(maxsize=1024)
def _pattern(like_pattern: str, escape: str | None) -> re.Pattern:
    parts, i = [], 0
    while i < len(like_pattern):
        char = like_pattern[i]
        if escape and char == escape and i + 1 < len(like_pattern):
            parts.append(re.escape(like_pattern[i + 1]))
            i += 2
            continue
        parts.append({"%": ".*", "_": "."}.get(char) or re.escape(char))
        i += 1
    return re.compile("".join(parts), re.DOTALL | re.IGNORECASE)


def unicode_like(like_pattern, value, escape=None):
    if like_pattern is None or value is None:
        return None
    return _pattern(like_pattern, escape).fullmatch(str(value)) is not None


def install_unicode_like(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        for arity in (2, 3):
            connection.connection.create_function("like", arity, unicode_like, deterministic=True)
