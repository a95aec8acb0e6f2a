"""``manage.py bench statistics`` runs on a small school and judges its figures."""

import io

import pytest

from config.benchmarks import statistics as bench
from learners.models import Role

pytestmark = pytest.mark.django_db


def test_bench_statistics_runs_with_constant_queries(built):
    built.school.official(Role.DEPUTY)
    out = io.StringIO()
    figures = bench.run(out, 1)
    assert [f.ok for f in figures][:1] == [True]
    assert figures[0].value == "4 и 4"
    assert len(figures) == 4
