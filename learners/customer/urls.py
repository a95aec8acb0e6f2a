"""Included under ``contracts/``."""

from django.urls import path

from learners.customer import views

urlpatterns = [
    path("groups/<id:pk>/", views.group_results, name="customer_results"),
    path("groups/<id:pk>/xlsx/", views.group_results_xlsx, name="customer_results_xlsx"),
]
