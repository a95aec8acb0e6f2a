from django.urls import include, path

from achievements import views

urlpatterns = [
    path("journal/", views.journal_index, name="journal_index"),
    path("journal/periods/", views.periods, name="journal_periods"),
    path("journal/cell/", views.cell_save, name="journal_cell_save"),
    path("journal/cell/history/", views.cell_history, name="journal_cell_history"),
    path("journal/period-mark/", views.period_mark_save, name="journal_period_mark_save"),
    path(
        "journal/<id:group_id>/<id:subject_id>/<id:period_id>/",
        views.journal_grid,
        name="journal_grid",
    ),
    path(
        "journal/<id:group_id>/<id:subject_id>/<id:period_id>/lessons/new/",
        views.lesson_new,
        name="lesson_new",
    ),
    path(
        "journal/<id:group_id>/<id:subject_id>/<id:period_id>/lessons/generate/",
        views.lessons_generate,
        name="lessons_generate",
    ),
    path("journal/lessons/<id:lesson_id>/", views.lesson_edit, name="lesson_edit"),
    path(
        "journal/<id:group_id>/<id:subject_id>/year/<id:year_id>/",
        views.journal_year,
        name="journal_year",
    ),
    path("diary/", views.diary_index, name="diary_index"),
    path("diary/<id:learner_id>/", views.diary, name="diary"),
    path("", include("achievements.portfolio.urls")),
]
