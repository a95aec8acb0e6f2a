"""No database constraint of the journal reachable from a form or the admin surfaces
as a server error: each path validates first and answers in Russian, writing nothing
(issue 10, §8)."""

from datetime import date

import pytest

from achievements.models import AttestationRule, StateExamKind, StateExamResult, WorkKind
from tests.factories import AcademicYearFactory, LearnerFactory, SubjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def _errors(response) -> list[str]:
    form = response.context["adminform"].form
    return [str(error) for errors in form.errors.values() for error in errors]


def _exam_form(learner, subject, year, **over):
    return {
        "learner": learner.pk,
        "subject": subject.pk,
        "year": year.pk,
        "kind": StateExamKind.OGE,
        "exam_date": "2027-05-25",
        "score": "",
        "mark": "5",
    } | over


# State exam results are entered on their page now (achievements/state_exams/, whose
# refusals are tested in tests/achievements/state_exams/): the admin refuses any write,
# so neither constraint is reachable from it.
def test_admin_state_exam_duplicate_refused(admin_client):
    learner, subject, year = LearnerFactory(), SubjectFactory(), AcademicYearFactory()
    StateExamResult.objects.create(
        learner=learner, subject=subject, year=year, kind=StateExamKind.OGE,
        exam_date=date(2027, 5, 24), mark="4",
    )  # fmt: skip

    response = admin_client.post(
        "/admin/achievements/stateexamresult/add/", _exam_form(learner, subject, year)
    )

    assert response.status_code == 403
    assert list(StateExamResult.objects.values_list("mark", flat=True)) == ["4"]


def test_admin_state_exam_without_result_refused(admin_client):
    learner, subject, year = LearnerFactory(), SubjectFactory(), AcademicYearFactory()

    response = admin_client.post(
        "/admin/achievements/stateexamresult/add/", _exam_form(learner, subject, year, mark="")
    )

    assert response.status_code == 403
    assert StateExamResult.objects.count() == 0


def test_admin_attestation_rule_thresholds_out_of_order_refused_in_russian(admin_client):
    rule = AttestationRule.objects.first() or AttestationRule.objects.create()

    response = admin_client.post(
        f"/admin/achievements/attestationrule/{rule.pk}/change/",
        {"method": "weighted", "threshold_3": "3.70", "threshold_4": "3.60",
         "threshold_5": "4.60", "min_marks": "3"},
    )  # fmt: skip

    assert response.status_code == 200
    assert _errors(response) == ["Пороги должны возрастать: 2 < «3» < «4» < «5» ≤ 5."]
    rule.refresh_from_db()
    assert rule.threshold_3 == AttestationRule._meta.get_field("threshold_3").default


def test_admin_work_kind_zero_weight_refused_in_russian(admin_client):
    response = admin_client.post(
        "/admin/achievements/workkind/add/",
        {"name": "Зачётная работа", "short_name": "зр", "weight": "0", "order": "9"},
    )

    assert response.status_code == 200
    assert _errors(response) == ["Убедитесь, что это значение больше либо равно 0.1."]
    assert not WorkKind.objects.filter(name="Зачётная работа").exists()


def test_lesson_form_second_lesson_in_slot_refused_in_russian(teacher_client, journal):
    url = f"/journal/{journal.group.pk}/{journal.subject.pk}/{journal.period.pk}/lessons/new/"

    response = teacher_client.post(
        url,
        {"date": "2026-09-15", "number": "1", "topic": "", "homework": "",
         "work_kind": journal.lesson.work_kind_id},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "1-й урок 15.09.2026 в этом журнале уже есть."
    ]
