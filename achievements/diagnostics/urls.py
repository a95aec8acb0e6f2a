from django.urls import path

from achievements.diagnostics import views

urlpatterns = [
    path("journal/diagnostics/", views.diagnostics_index, name="diagnostics_index"),
    path(
        "journal/diagnostics/<id:group_id>/<id:period_id>/",
        views.diagnostics_grid,
        name="diagnostics_grid",
    ),
    path(
        "journal/diagnostics/learner/<id:learner_id>/",
        views.diagnostics_learner,
        name="diagnostics_learner",
    ),
]
