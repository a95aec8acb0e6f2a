"""People's names in the grammatical case a sentence needs: «зачесть Титову Михаилу
Андреевичу», «освободить Титова Михаила Андреевича», «на основании заявления Титовой
Татьяны Алексеевны». One helper for every document, so a name is never left in the
nominative where Russian grammar wants another case.

API (``case`` is one of CASES: "nominative", "genitive", "dative", "accusative",
"instrumental", "prepositional"; anything else raises ValueError, a programming error):

- ``decline(who, case, *, sex=None) -> str`` — the full name, «Фамилия Имя Отчество»,
  in that case. ``who`` is a ``learners.models.Person`` (Learner, Staff, Guardian) or a
  plain string «Фамилия Имя Отчество» (e.g. ``CreditApplication.applicant_name``), or a
  dict with those parts and ``sex`` (a document's stored data); a
  string with one word is a surname, two words are surname and first name, words past
  the second are the patronymic («Алиев Гейдар Мамед оглы»). ``None`` or "" gives "".
- ``decline_initials(who, case, *, sex=None) -> str`` — «Титову М. А.»: the surname in
  that case followed by the initials.
- ``person_sex(who) -> "m" | "f" | ""`` — the sex the declension assumed (see below).
- ``by_sex(who, male, female, unknown=None) -> str`` — the word that agrees with the
  person: ``by_sex(learner, "сыну", "дочери")``; ``unknown`` defaults to ``male``.
- Templates: ``{% load names %}`` then ``{{ learner|case:"dative" }}``,
  ``{{ teacher|case_initials:"dative" }}``, ``{{ learner|by_sex:"сыну,дочери" }}``
  (common/templatetags/names.py).

Sex, which decides the surname's and first name's endings, is taken from the first of:
the ``sex`` argument; a Learner's ``sex`` field ("m"/"f"); the patronymic's ending
(-ич, -оглы, -улы, -уулу → male; -на, -кызы, -гызы → female); for a Guardian, the
kinship of their guardianships (mother → female, father → male); pytrovich's gender
detection on the first name, then on the surname. If none decides, the name is declined
with pytrovich's androgynous rules (the male endings where a name has them).

Exceptions to pytrovich, each one a case where it gives a wrong form:
- patronymics with -оглы/-кызы (Мамед оглы, Лутфияр кызы) never decline, whether
  written with a space or a hyphen: pytrovich has no rule for them and only leaves them
  alone by chance of the father's name, so the helper does it by rule;
- a male surname in -ец after two consonants keeps the vowel: Кузнец → Кузнеца,
  Кузнецом (pytrovich drops it to the unpronounceable «Кузнца»);
- an initial («М.», «М») is left as written.
"""

import re
from collections.abc import Mapping
from functools import lru_cache
from types import SimpleNamespace

from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Case, Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker

CASES = {
    "nominative": Case.NOMINATIVE,
    "genitive": Case.GENITIVE,
    "dative": Case.DATIVE,
    "accusative": Case.ACCUSATIVE,
    "instrumental": Case.INSTRUMENTAL,
    "prepositional": Case.PREPOSITIONAL,
}
MALE, FEMALE = "m", "f"

# Turkic patronymics: the father's name followed by "son of" / "daughter of".
TURKIC_PATRONYMIC = re.compile(r"(?:^|[\s-])(оглы|оглу|улы|уулу|кызы|гызы|кизи)$")
TURKIC_FEMALE = {"кызы", "гызы", "кизи"}
INITIAL = re.compile(r"^\w\.?$")
CONSONANTS = set("бвгджзйклмнпрстфхцчшщ")
# Кузнец-type surnames: the vowel stays, and the stressed ending takes -ом.
FLUENT_E_KEPT_ENDINGS = {
    Case.GENITIVE: "а",
    Case.DATIVE: "у",
    Case.ACCUSATIVE: "а",
    Case.INSTRUMENTAL: "ом",
    Case.PREPOSITIONAL: "е",
}
KINSHIP_SEX = {"mother": FEMALE, "father": MALE}
GENDERS = {MALE: Gender.MALE, FEMALE: Gender.FEMALE}


@lru_cache(maxsize=1)
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


@lru_cache(maxsize=1)
def _detector() -> PetrovichGenderDetector:
    return PetrovichGenderDetector()


def _case(case: str) -> Case:
    try:
        return CASES[case]
    except KeyError:
        raise ValueError(f"Unknown case {case!r}; expected one of {', '.join(CASES)}") from None


def _as_person(who):
    """A document's stored data names a person as a dict (``last_name``,
    ``first_name``, ``patronymic``, ``sex``: archive/documents/content/common.py), so
    that a duplicate printed years later still knows the sex the record gave."""
    if isinstance(who, Mapping):
        return SimpleNamespace(
            last_name=who.get("last_name") or "",
            first_name=who.get("first_name") or "",
            patronymic=who.get("patronymic") or "",
            sex=who.get("sex") or "",
        )
    return who


def _parts(who) -> tuple[str, str, str]:
    """(surname, first name, patronymic) of a Person or of a «Фамилия Имя Отчество»."""
    if who is None:
        return "", "", ""
    if isinstance(who, str):
        words = who.split()
        return (
            words[0] if words else "",
            words[1] if len(words) > 1 else "",
            " ".join(words[2:]),
        )
    return (
        (who.last_name or "").strip(),
        (who.first_name or "").strip(),
        (who.patronymic or "").strip(),
    )


def _sex_from_patronymic(patronymic: str) -> str:
    lowered = patronymic.lower()
    turkic = TURKIC_PATRONYMIC.search(lowered)
    if turkic:
        return FEMALE if turkic.group(1) in TURKIC_FEMALE else MALE
    if lowered.endswith("ич"):
        return MALE
    if lowered.endswith("на"):
        return FEMALE
    return ""


def _sex_from_kinship(who) -> str:
    # Only a guardian's own kinship says their sex; a learner's guardianships describe
    # the guardian, not the learner.
    if isinstance(who, str) or getattr(getattr(who, "_meta", None), "model_name", "") != (
        "guardian"
    ):
        return ""
    if who.pk is None:
        return ""
    found = {KINSHIP_SEX.get(k) for k in who.guardianships.values_list("kinship", flat=True)}
    found.discard(None)
    return found.pop() if len(found) == 1 else ""


def _sex_from_detection(first_name: str, last_name: str) -> str:
    for part, value in (("firstname", first_name), ("lastname", last_name)):
        if value and not INITIAL.match(value):
            gender = _detector().detect(**{part: value})
            if gender is Gender.MALE:
                return MALE
            if gender is Gender.FEMALE:
                return FEMALE
    return ""


def person_sex(who) -> str:
    """The person's sex, "m" or "f", or "" when nothing tells (rule: module docstring)."""
    who = _as_person(who)
    if who is None:
        return ""
    own = getattr(who, "sex", "") if not isinstance(who, str) else ""
    if own in (MALE, FEMALE):
        return own
    last_name, first_name, patronymic = _parts(who)
    return (
        _sex_from_patronymic(patronymic)
        or _sex_from_kinship(who)
        or _sex_from_detection(first_name, last_name)
    )


def _keeps_fluent_e(piece: str) -> bool:
    lowered = piece.lower()
    return (
        len(lowered) >= 4
        and lowered.endswith("ец")
        and lowered[-3] in CONSONANTS
        and lowered[-4] in CONSONANTS
    )


def _decline_surname(surname: str, gender: Gender, known: bool, case: Case) -> str:
    pieces = surname.split("-")
    if gender is not Gender.MALE or not any(_keeps_fluent_e(p) for p in pieces):
        return _maker().make(NamePart.LASTNAME, gender, case, surname, known)
    last = len(pieces) - 1
    return "-".join(
        piece + FLUENT_E_KEPT_ENDINGS[case]
        if _keeps_fluent_e(piece)
        else _maker().make(NamePart.LASTNAME, gender, case, piece, known and i == last)
        for i, piece in enumerate(pieces)
    )


def _decline_part(part: NamePart, value: str, gender: Gender, known: bool, case: Case) -> str:
    if not value or case is Case.NOMINATIVE or INITIAL.match(value):
        return value
    if part is NamePart.MIDDLENAME and TURKIC_PATRONYMIC.search(value.lower()):
        return value
    if part is NamePart.LASTNAME:
        return _decline_surname(value, gender, known, case)
    return _maker().make(part, gender, case, value, known)


def _gender(who, sex) -> tuple[Gender, bool]:
    """pytrovich's gender and whether it is known (not guessed)."""
    if sex in GENDERS:
        return GENDERS[sex], True
    found = person_sex(who)
    if not found:
        return Gender.ANDROGYNOUS, False
    # A Learner's recorded sex or a patronymic is a fact; a guess from the first name
    # only selects rules loosely, as pytrovich intends for detected genders.
    known = getattr(who, "sex", "") in GENDERS or bool(_sex_from_patronymic(_parts(who)[2]))
    return GENDERS[found], known


def decline(who, case: str, *, sex: str | None = None) -> str:
    """The full name «Фамилия Имя Отчество» of ``who`` in ``case``."""
    who = _as_person(who)
    target = _case(case)
    last_name, first_name, patronymic = _parts(who)
    if not (last_name or first_name or patronymic):
        return ""
    gender, known = _gender(who, sex)
    words = (
        _decline_part(NamePart.LASTNAME, last_name, gender, known, target),
        _decline_part(NamePart.FIRSTNAME, first_name, gender, known, target),
        _decline_part(NamePart.MIDDLENAME, patronymic, gender, known, target),
    )
    return " ".join(w for w in words if w)


def _initial(word: str) -> str:
    return f"{word[0].upper()}." if word else ""


def decline_initials(who, case: str, *, sex: str | None = None) -> str:
    """«Титову М. А.»: the surname of ``who`` in ``case`` and the initials."""
    who = _as_person(who)
    target = _case(case)
    last_name, first_name, patronymic = _parts(who)
    if not (last_name or first_name or patronymic):
        return ""
    gender, known = _gender(who, sex)
    surname = _decline_part(NamePart.LASTNAME, last_name, gender, known, target)
    words = (surname, _initial(first_name), _initial(patronymic))
    return " ".join(w for w in words if w)


def by_sex(who, male: str, female: str, unknown: str | None = None) -> str:
    """The word that agrees with the person's sex: ``by_sex(learner, "сыну", "дочери")``."""
    who = _as_person(who)
    found = person_sex(who)
    if found == MALE:
        return male
    if found == FEMALE:
        return female
    return male if unknown is None else unknown
