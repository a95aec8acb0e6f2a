"""What the journal grid tells its script about the scale (static/js/journal/scale.js
checks a value against it before sending), and the server messages the script
repeats word for word (tests/js/journal_scale.test.mjs holds the same strings)."""

import pytest
from django.core.exceptions import ValidationError

from achievements.journal import parse_cell
from learners.models import GradingScale
from tests.achievements.helpers import grid_url


def grid_html(teacher_client, journal):
    response = teacher_client.get(grid_url(journal.group, journal.subject, journal.period))
    assert response.status_code == 200
    return response.content.decode()


def test_grid_tells_script_five_point_scale(teacher_client, journal):
    html = grid_html(teacher_client, journal)

    assert 'data-scale-kind="five_point" data-codes="5|4|3|2"' in html
    assert 'data-points="|"' in html
    assert (
        'data-attendance="н|б|уп|оп" data-absence="н|б|уп" data-period-special="н/а|осв."'
    ) in html


def test_grid_tells_script_points_range(teacher_client, journal):
    journal.subject.grading_scale = GradingScale.objects.get(kind="points")
    journal.subject.save()

    html = grid_html(teacher_client, journal)

    scale = journal.subject.grading_scale
    assert 'data-scale-kind="points"' in html
    assert f'data-points="{scale.min_points}|{scale.max_points}"' in html


def test_grid_scrolls_in_focusable_region(teacher_client, journal):
    html = grid_html(teacher_client, journal)

    assert (
        '<div class="grid-wrap" tabindex="0" role="region" '
        'aria-label="Таблица журнала (прокручивается)">'
    ) in html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "7",
            "«7» нет в шкале оценивания предмета. Можно: 5, 4, 3, 2; посещаемость: н, б, уп, оп.",
        ),
        ("н/б", "В ячейке может быть только одна отметка посещаемости."),
        ("н/5", "«н» — обучающийся отсутствовал, отметку поставить нельзя."),
        ("5/5/5/5/5", "Не больше 4 отметок за один урок."),
    ],
)
def test_parse_cell_message_the_script_repeats(text, message):
    with pytest.raises(ValidationError) as refused:
        parse_cell(text, scale_kind="five_point", allowed={"5", "4", "3", "2"})

    assert refused.value.messages == [message]
