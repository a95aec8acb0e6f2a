from django.urls import path

from achievements.dynamics import views

urlpatterns = [
    path("dynamics/<id:learner_id>/", views.dynamics, name="learner_dynamics"),
]
