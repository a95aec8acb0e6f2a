from django.urls import include, path

from achievements.views import diary, journal, lessons, periods, year

urlpatterns = [
    path("journal/", journal.journal_index, name="journal_index"),
    path("journal/periods/", periods.periods, name="journal_periods"),
    path("journal/cell/", journal.cell_save, name="journal_cell_save"),
    path("journal/cell/history/", journal.cell_history, name="journal_cell_history"),
    path("journal/period-mark/", journal.period_mark_save, name="journal_period_mark_save"),
    path(
        "journal/<id:group_id>/<id:subject_id>/<id:period_id>/",
        journal.journal_grid,
        name="journal_grid",
    ),
    path(
        "journal/<id:group_id>/<id:subject_id>/<id:period_id>/lessons/new/",
        lessons.lesson_new,
        name="lesson_new",
    ),
    path(
        "journal/<id:group_id>/<id:subject_id>/<id:period_id>/lessons/generate/",
        lessons.lessons_generate,
        name="lessons_generate",
    ),
    path("journal/lessons/<id:lesson_id>/", lessons.lesson_edit, name="lesson_edit"),
    path(
        "journal/<id:group_id>/<id:subject_id>/year/<id:year_id>/",
        year.journal_year,
        name="journal_year",
    ),
    path("diary/", diary.diary_index, name="diary_index"),
    path("diary/<id:learner_id>/", diary.diary, name="diary"),
    path("diary/<id:learner_id>/week/", diary.diary_week, name="diary_week"),
    path("", include("achievements.portfolio.urls")),
    path("", include("achievements.gifted.urls")),
    path("", include("achievements.events.urls")),
    path("", include("achievements.debts.urls")),
    path("", include("achievements.external.urls")),
    path("", include("achievements.diagnostics.urls")),
    path("", include("achievements.final_attestation.urls")),
    path("", include("achievements.levels.urls")),
    path("journal/state-exams/", include("achievements.state_exams.urls")),
    path("", include("achievements.dynamics.urls")),
    # The attention list's "statistics/attention/" comes before the statistics' own
    # patterns only for reading order: no pattern of one matches the other's.
    path("", include("achievements.statistics.attention_urls")),
    path("", include("achievements.statistics.urls")),
]
