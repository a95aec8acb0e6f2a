from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from learners import consent_views, views
from learners.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("overview/", views.overview, name="overview"),
    path("my-class/", views.my_class, name="my_class"),
    path("teaching/", views.my_classes, name="my_classes"),
    path("children/", views.children, name="children"),
    path("me/", views.me, name="me"),
    path("contracted/", views.contracted, name="contracted"),
    path("groups/<id:pk>/", views.group_detail, name="group_detail"),
    path("learners/search/", views.learner_search, name="learner_search"),
    path("learners/<id:pk>/", views.learner_detail, name="learner_detail"),
    path("", include("learners.roster.urls")),
    # The customer's view of the results under their contracts (004 §1.4).
    path("contracts/", include("learners.customer.urls")),
    # Consent to the processing of personal data (R-SEC-4).
    path("consents/", consent_views.consent_list, name="consent_list"),
    path("consents/<id:pk>/withdraw/", consent_views.consent_withdraw, name="consent_withdraw"),
    path("learners/<id:pk>/consents/", consent_views.learner_consents, name="learner_consents"),
    path("children/consents/", consent_views.family_consents, name="family_consents"),
    path(
        "children/<id:learner_id>/consent/",
        consent_views.family_consent_give,
        name="family_consent_give",
    ),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
