from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Учёт результатов и поощрений"
admin.site.site_title = "Учёт"
admin.site.index_title = "Администрирование"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("learners.urls")),
]
