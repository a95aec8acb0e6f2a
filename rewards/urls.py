from django.urls import path

from rewards.views import documents, family, orders, staff

urlpatterns = [
    path("rewards/", staff.index, name="rewards_index"),
    path("rewards/candidates/", staff.candidates, name="rewards_candidates"),
    path("rewards/nominate/", staff.nominate, name="rewards_nominate"),
    path("rewards/groups/<id:group_id>/", staff.group_rewards, name="rewards_group"),
    path("rewards/<id:pk>/", staff.detail, name="rewards_detail"),
    path("rewards/<id:pk>/transition/", staff.transition, name="rewards_transition"),
    path("rewards/pending/", orders.pending, name="rewards_pending"),
    path("rewards/orders/", orders.order_list, name="rewards_orders"),
    path("rewards/orders/<id:pk>/", orders.order_detail, name="rewards_order"),
    path("rewards/orders/<id:pk>/order.pdf", documents.order_pdf, name="rewards_order_pdf"),
    path("rewards/<id:pk>/certificate.pdf", documents.certificate_pdf, name="rewards_certificate"),
    path("rewards/evidence/<id:pk>/", documents.evidence, name="rewards_evidence"),
    path("rewards/learners/<id:learner_id>/", family.learner_rewards, name="rewards_learner"),
    path("rewards/learners/<id:learner_id>/request/", family.request, name="rewards_request"),
]
