from django.urls import path

from achievements.statistics import attention_views

urlpatterns = [
    path("statistics/attention/", attention_views.attention, name="attention"),
    path("statistics/self-examination/", attention_views.selfexam, name="selfexam"),
    path("statistics/self-examination.xlsx", attention_views.selfexam_xlsx, name="selfexam_xlsx"),
]
