from django.urls import path

from achievements.events import views

urlpatterns = [
    path("portfolio/events/", views.index, name="events_index"),
    path("portfolio/events/new/", views.event_new, name="event_new"),
    path("portfolio/events/<id:event_id>/", views.event_detail, name="event_detail"),
    path("portfolio/events/<id:event_id>/edit/", views.event_edit, name="event_edit"),
    path(
        "portfolio/events/<id:event_id>/groups/",
        views.event_participants_pick,
        name="event_participants_pick",
    ),
    path(
        "portfolio/events/<id:event_id>/groups/<id:group_id>/",
        views.event_participants,
        name="event_participants",
    ),
]
