from django.urls import path

from achievements.portfolio import views

urlpatterns = [
    path("portfolio/", views.index, name="portfolio_index"),
    path("portfolio/gifted/", views.gifted, name="portfolio_gifted"),
    path("portfolio/learners/<id:learner_id>/", views.learner_portfolio, name="portfolio_learner"),
    path("portfolio/learners/<id:learner_id>/new/", views.achievement_new, name="portfolio_new"),
    path("portfolio/learners/<id:learner_id>/pdf/", views.learner_pdf, name="portfolio_pdf"),
    path("portfolio/groups/<id:group_id>/", views.group_portfolio, name="portfolio_group"),
    path(
        "portfolio/achievements/<id:achievement_id>/",
        views.achievement_detail,
        name="portfolio_achievement",
    ),
    path(
        "portfolio/achievements/<id:achievement_id>/decide/",
        views.achievement_decide,
        name="portfolio_decide",
    ),
    path(
        "portfolio/achievements/<id:achievement_id>/evidence/",
        views.evidence_upload,
        name="portfolio_evidence_upload",
    ),
    path("portfolio/evidence/<id:evidence_id>/", views.evidence_download, name="evidence_file"),
]
