"""Documents, registers, requests and the disclosure log, under /documents/."""

from django.urls import path

urlpatterns = []

# --- learner documents and the class teacher's sign-off (archive/documents/views/learner.py)
from archive.documents.views import learner as learner_views  # noqa: E402

urlpatterns += [
    path("learners/<id:learner_id>/", learner_views.learner_documents, name="documents_learner"),
    path(
        "learners/<id:learner_id>/preview/<slug:kind>.pdf",
        learner_views.learner_preview,
        name="documents_learner_preview",
    ),
    path("signoffs/<id:group_id>/", learner_views.signoffs, name="documents_signoffs"),
]

# --- group documents, the supplement and the book of certificates
# (archive/documents/views/group.py, archive/documents/views/certificates.py)
from archive.documents.views import certificates as certificate_views  # noqa: E402
from archive.documents.views import group as group_views  # noqa: E402

urlpatterns += [
    path("groups/", group_views.group_list, name="documents_groups"),
    path("groups/<id:group_id>/", group_views.group_documents, name="documents_group"),
    path(
        "groups/<id:group_id>/preview/<slug:kind>.pdf",
        group_views.group_preview,
        name="documents_group_preview",
    ),
    path("certificates/", certificate_views.certificates, name="documents_certificates"),
    path(
        "certificates/<id:pk>/duplicate/",
        certificate_views.certificate_duplicate_view,
        name="documents_certificate_duplicate",
    ),
    path("calibration/", certificate_views.calibration, name="documents_calibration"),
    path(
        "calibration/test.pdf",
        certificate_views.calibration_test,
        name="documents_calibration_test",
    ),
    path("<id:pk>/blank.pdf", certificate_views.blank_print, name="documents_blank"),
]

# --- the register, issued documents, requests, the family's pages and the disclosure log
# (archive/documents/views/register.py, requests.py, family.py)
from archive.documents.views import family as family_views  # noqa: E402
from archive.documents.views import register as register_views  # noqa: E402
from archive.documents.views import requests as request_views  # noqa: E402

urlpatterns += [
    path("", register_views.register, name="documents_register"),
    path("<id:pk>/", register_views.document, name="documents_document"),
    path("<id:pk>/file.pdf", register_views.document_file, name="documents_file"),
    path("<id:pk>/duplicate/", register_views.duplicate, name="documents_duplicate"),
    path("disclosures/", register_views.disclosures, name="documents_disclosures"),
    path("requests/", request_views.request_list, name="documents_requests"),
    path("requests/new/", request_views.request_new, name="documents_request_new"),
    path("requests/<id:pk>/", request_views.request_detail, name="documents_request"),
    path(
        "requests/<id:pk>/preview.pdf",
        request_views.request_preview,
        name="documents_request_preview",
    ),
    path("requests/<id:pk>/issue/", request_views.request_issue, name="documents_request_issue"),
    path(
        "requests/<id:pk>/transition/",
        request_views.request_move,
        name="documents_request_transition",
    ),
    path("family/", family_views.family, name="documents_family"),
    path(
        "family/<id:learner_id>/request/",
        family_views.family_request,
        name="documents_family_request",
    ),
]

__all__ = ["path", "urlpatterns"]

# --- the protocol of a final attestation commission (archive/documents/views/final_protocol.py)
from archive.documents.views import final_protocol as final_protocol_views  # noqa: E402

urlpatterns += [
    path(
        "final-protocol/<id:pk>/",
        final_protocol_views.final_protocol,
        name="final_attestation_protocol",
    ),
]
