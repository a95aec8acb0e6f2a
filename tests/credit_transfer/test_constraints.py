"""No database constraint of credit transfer surfaces as a 500 (issue #10): each one
is either checked by the form that reaches it, with a message in Russian, or never
reachable from a form or the admin because a service sets the fields it covers."""

import pytest
from django.core.exceptions import ValidationError

from credit_transfer import services
from credit_transfer.models import Application, ApplicationChange, ApplicationLine, Status
from tests.credit_transfer.conftest import application_fields, make_application, submit

pytestmark = pytest.mark.django_db

CONSENT_LABEL = (
    "Подтверждаю согласие на выставление отметок (оценок) по указанным предметам по итогам "
    "учебного года, триместра, полугодия"
)
CONSENT_REFUSED = "Без согласия на выставление отметок заявление не может быть подано."

# constraint → what keeps it from the database
GUARDED = {
    "credit_application_number_unique": "services: the number is made of the row's id",
    "credit_application_consent": "ApplicationForm.clean, services.application_save",
    "credit_application_decided_has_outcome": "services.review.decide sets the outcome",
    "credit_application_order_recorded": "OrderForm (both required), the order step",
    "credit_application_deadline_after_decision": "services: notify_by counts from the decision",
    "credit_line_subject_unique": "BaseLineFormSet.clean, services.drafts._replace_lines",
    "credit_line_hours_positive": "LineForm.clean_external_hours",
    "credit_line_credited_has_value": "services.review.resolve_line gives a credited value",
}


def test_constraints_every_one_guarded():
    names = {
        constraint.name
        for model in (Application, ApplicationLine)
        for constraint in model._meta.constraints
    }

    assert names == set(GUARDED)


def documents_requested(school) -> Application:
    application = submit(make_application(school, ["Информатика"]), school.parent)
    for to in (Status.UNDER_REVIEW, Status.DOCUMENTS_REQUESTED):
        services.application_transition(
            application=application, to=to, actor=school.deputy, comment="Нужна справка"
        )
    application.refresh_from_db()
    return application


def snapshot(application) -> tuple:
    application.refresh_from_db()
    return (
        application.status,
        application.consent,
        application.version,
        ApplicationChange.objects.filter(application=application).count(),
    )


def test_edit_after_documents_requested_without_consent_refused_nothing_saved(client, school):
    application = documents_requested(school)
    line = application.lines.get()
    before = snapshot(application)
    client.force_login(school.parent)
    data = application_fields(
        school,
        action="save",
        consent=None,
        version=str(application.version),
        **{"lines-INITIAL_FORMS": "1", "lines-0-id": str(line.pk)},
    )

    response = client.post(f"/credit/{application.pk}/edit/", data)

    assert response.status_code == 200
    assert f"<p>{CONSENT_LABEL}: {CONSENT_REFUSED}</p>" in response.content.decode()
    assert snapshot(application) == before


def test_save_after_documents_requested_without_consent_refused_by_service(school):
    application = documents_requested(school)
    before = snapshot(application)

    with pytest.raises(ValidationError) as refused:
        services.application_save(
            application=application,
            learner=school.learner,
            fields={"consent": False},
            lines=[
                {
                    "subject": school.subjects["Информатика"],
                    "external_name": "Информатика",
                    "external_scale": "five_point",
                    "external_result": "5",
                    "external_hours": 34,
                }
            ],
            uploads=[],
            actor=school.parent,
            version=application.version,
        )

    assert refused.value.messages == [CONSENT_REFUSED]
    assert snapshot(application) == before
