from django.urls import path

from achievements.final_attestation import views

urlpatterns = [
    path("final-attestation/", views.final_attestation_index, name="final_attestation_index"),
    path(
        "final-attestation/group/<id:group_id>/new/",
        views.final_attestation_commission_new,
        name="final_attestation_commission_new",
    ),
    path(
        "final-attestation/<id:pk>/",
        views.final_attestation_commission,
        name="final_attestation_commission",
    ),
    path(
        "final-attestation/<id:pk>/edit/",
        views.final_attestation_commission_edit,
        name="final_attestation_commission_edit",
    ),
]
