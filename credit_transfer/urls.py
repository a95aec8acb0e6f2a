from django.urls import path

from credit_transfer import views

urlpatterns = [
    path("credit/", views.index, name="credit_index"),
    path("credit/new/", views.application_new, name="credit_new"),
    path("credit/line-form/", views.line_form, name="credit_line_form"),
    path("credit/line-checks/", views.line_checks, name="credit_line_checks"),
    path("credit/line-subjects/", views.line_subjects, name="credit_line_subjects"),
    path("credit/<id:pk>/", views.application_detail, name="credit_detail"),
    path("credit/<id:pk>/edit/", views.application_edit, name="credit_edit"),
    path("credit/<id:pk>/withdraw/", views.application_withdraw, name="credit_withdraw"),
    path(
        "credit/<id:pk>/attachments/",
        views.attachments_upload,
        name="credit_attachments_upload",
    ),
    path("credit/<id:pk>/<slug:kind>.pdf", views.document, name="credit_document"),
    path("credit/attachments/<id:pk>/", views.attachment_download, name="credit_attachment"),
    path(
        "credit/attachments/<id:pk>/delete/",
        views.attachment_delete,
        name="credit_attachment_delete",
    ),
    path("credit/lines/<id:pk>/convert/", views.line_convert, name="credit_line_convert"),
]
