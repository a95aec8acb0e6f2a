"""Hostile and odd input for the property tests (hypothesis): what a form field or a
JSON value may be sent as by someone who is not using our pages."""

import re

from hypothesis import strategies as st

DB_INT_MAX = 2**63 - 1
SURROGATES = re.compile("[\ud800-\udfff]")

# Text that looks like something: numbers of every script and size, marks, dates.
LOOKALIKES = [
    "", " ", "0", "1", "-1", "5", "4", "н", "н/а", "осв.", "5/4", "²", "١٢", "٣", "１",
    "1e9", "NaN", "Infinity", "null", "true", "[]", "{}", "9" * 19, "9" * 30, "9" * 5000,
    str(DB_INT_MAX), str(DB_INT_MAX + 1), "2026-09-15", "31.02.2026", "0000-00-00",
    "<script>alert(1)</script>", "' OR 1=1 --", "=HYPERLINK(\"http://x\")", "\u202e", "\ufeff",
    "year", "period", "final", "save", "submit", "confirm", "reopen", "add_line",
]  # fmt: skip

control_characters = st.characters(max_codepoint=0x1F) | st.sampled_from(["\x7f", "\x00"])


def _without_surrogates(text: str) -> str:
    return SURROGATES.sub("", text)


def texts(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text a form may post: any Unicode but lone surrogates (a browser cannot send
    them, nor can the test client encode them), with control characters, look-alike
    numbers and very long strings."""
    # Hypothesis also mixes in string constants of the code under test; one of them
    # holds surrogates, so they are removed here rather than trusted to the alphabet.
    return st.one_of(
        st.text(max_size=max_size),
        st.text(control_characters | st.characters(), max_size=max_size),
        st.sampled_from(LOOKALIKES),
        st.builds(
            lambda piece, n: piece * n, st.text(min_size=1, max_size=3), st.integers(200, 20_000)
        ),
    ).map(_without_surrogates)


# Numbers that str.isdigit() or int() accept and a database or a check does not.
TRICKY_NUMBERS = [
    "²", "١٢", "٣", "１", "9" * 5000, "9" * 20, str(DB_INT_MAX + 1), "-1", " 1", "1.0",
    "0x1", "1_000", "+1",
]  # fmt: skip


def numbers_as_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers().map(str),
        st.integers(DB_INT_MAX - 2, 2**80).map(str),
        st.sampled_from(TRICKY_NUMBERS),
        texts(),
    )


def json_scalars() -> st.SearchStrategy:
    """Any JSON scalar, including integers past 64 bits and strings with lone
    surrogates (JSON can carry them as escapes)."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(DB_INT_MAX - 2, 2**80),
        st.integers(-(2**80), 0),
        st.floats(),  # json.dumps writes NaN and Infinity, which JSON does not have
        texts(),
        st.text(st.characters(categories=["Cs"]) | st.characters(), max_size=5),
    )


def json_values() -> st.SearchStrategy:
    return st.recursive(
        json_scalars(),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=6,
    )
