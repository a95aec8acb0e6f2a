from django.urls import path

from achievements.levels import views

urlpatterns = [
    path("levels/", views.levels_index, name="levels_index"),
    path(
        "levels/<id:group_id>/<id:subject_id>/<slug:stage>/",
        views.levels_grid,
        name="levels_grid",
    ),
    path(
        "levels/sheet/<id:learner_id>/<id:group_id>/",
        views.levels_sheet,
        name="levels_sheet",
    ),
    path(
        "levels/sheet/<id:learner_id>/<id:group_id>/pdf/",
        views.levels_sheet_pdf,
        name="levels_sheet_pdf",
    ),
]
