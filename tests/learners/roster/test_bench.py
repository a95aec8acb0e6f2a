import io

import pytest
from django.core.management.base import OutputWrapper

from config.benchmarks import roster
from learners.models import Guardian, Learner

pytestmark = pytest.mark.django_db


def test_bench_roster_counts_constant_and_rolls_back(school, mailoutbox):
    out = io.StringIO()
    figures = roster.run(OutputWrapper(out), 1)
    assert [f.name for f in figures] == [
        "проверка файла (1000 строк): запросов",
        "проверка файла: медиана",
        "загрузка (1000 обуч., 1500 родит.): запросов",
        "загрузка: медиана",
    ]
    assert [f.ok for f in figures] == [True, None, True, None]
    assert (Learner.objects.count(), Guardian.objects.count()) == (0, 0)
    assert mailoutbox == []
    assert "прогон 1" in out.getvalue()
