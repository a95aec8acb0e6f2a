from django.urls import path

from achievements.statistics import views

urlpatterns = [
    path("statistics/", views.statistics_index, name="statistics_index"),
    path("statistics/groups/<id:group_id>/", views.statistics_group, name="statistics_group"),
    path("statistics/report.pdf", views.report_pdf, name="statistics_report_pdf"),
    path("statistics/report.xlsx", views.report_xlsx, name="statistics_report_xlsx"),
]
