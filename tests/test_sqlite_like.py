import pytest

from config.sqlite import unicode_like
from learners.models import Learner
from tests.factories import LearnerFactory


@pytest.mark.parametrize(
    ("pattern", "value", "escape", "expected"),
    [
        ("%смирнова%", "Смирнова Анна", None, True),
        ("%СМИРНОВА%", "смирнова", None, True),
        ("смирн_ва", "Смирнова", None, True),
        ("смирн_ва", "Смирнва", None, False),
        ("ёлкин%", "Ёлкина", "\\", True),
        ("100\\%", "100%", "\\", True),
        ("100\\%", "1000", "\\", False),
        ("a\\_b", "a_b", "\\", True),
        ("a\\_b", "axb", "\\", False),
        (None, "x", None, None),
        ("%", None, None, None),
    ],
)
def test_unicode_like_matches_like_sql_semantics(pattern, value, escape, expected):
    assert unicode_like(pattern, value, escape) is expected


@pytest.mark.django_db
def test_icontains_folds_cyrillic_case():
    LearnerFactory(last_name="Смирнова")
    LearnerFactory(last_name="Орлова")

    found = Learner.objects.filter(last_name__icontains="смирн").values_list("last_name", flat=True)

    assert list(found) == ["Смирнова"]
