from django.urls import path

from achievements.debts import views

urlpatterns = [
    path("journal/debts/", views.debt_list, name="debt_list"),
    path("journal/debts/<id:pk>/", views.debt_detail, name="debt_detail"),
    path("journal/debts/<id:pk>/attempt/", views.debt_attempt, name="debt_attempt"),
    path("journal/debts/<id:pk>/deadline/", views.debt_deadline, name="debt_deadline"),
]
