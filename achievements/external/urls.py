from django.urls import path

from achievements.external import views

urlpatterns = [
    path("external/", views.assessment_list, name="external_list"),
    path("external/new/", views.assessment_create, name="external_create"),
    path("external/<id:pk>/", views.assessment_detail, name="external_detail"),
    path("external/<id:pk>/class/<id:group_pk>/", views.results_grid, name="external_grid"),
    path(
        "external/<id:pk>/class/<id:group_pk>/template.xlsx",
        views.results_template,
        name="external_template",
    ),
    path(
        "external/<id:pk>/class/<id:group_pk>/import/",
        views.results_import,
        name="external_import",
    ),
]
