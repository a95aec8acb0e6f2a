from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # Browsers ask for /favicon.ico on every page, the admin's included.
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    path("", include("learners.urls")),
    path("", include("achievements.urls")),
    path("", include("credit_transfer.urls")),
    path("", include("rewards.urls")),
    path("archive/", include("archive.urls")),
    path("documents/", include("archive.documents.urls")),
]

handler500 = "config.views.server_error"
