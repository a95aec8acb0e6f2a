"""Included by the project under journal/state-exams/."""

from django.urls import path

from achievements.state_exams import views

urlpatterns = [
    path("", views.index, name="state_exams"),
    path("<id:group_pk>/<str:kind>/<id:subject_pk>/", views.grid, name="state_exam_grid"),
    path(
        "<id:group_pk>/<str:kind>/<id:subject_pk>/template.xlsx",
        views.template,
        name="state_exam_template",
    ),
    path(
        "<id:group_pk>/<str:kind>/<id:subject_pk>/import/",
        views.import_file,
        name="state_exam_import",
    ),
]
