from django.urls import path

from learners.roster import views

urlpatterns = [
    path("roster/import/", views.roster_import, name="roster_import"),
    path("roster/import/template/", views.roster_template, name="roster_template"),
]
