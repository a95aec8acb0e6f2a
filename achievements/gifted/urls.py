from django.urls import path

from achievements.gifted import views

urlpatterns = [
    path("portfolio/gifted/registered/", views.registered, name="gifted_registered"),
    path("portfolio/gifted/registered/<id:learner_id>/", views.credit, name="gifted_credit"),
]
