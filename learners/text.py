"""Small helpers for correct Russian text."""


def plural_word(n: int, one: str, few: str, many: str) -> str:
    """The noun form that agrees with n: класс (1, 21), класса (2–4, 22), классов (5–20)."""
    if 11 <= n % 100 <= 14:
        return many
    if n % 10 == 1:
        return one
    if 2 <= n % 10 <= 4:
        return few
    return many


def plural(n: int, one: str, few: str, many: str) -> str:
    return f"{n} {plural_word(n, one, few, many)}"
