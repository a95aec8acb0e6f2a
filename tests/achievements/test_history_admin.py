"""The history of marks is evidence (R-JRN-6): nobody adds, changes or deletes
CellChange or PeriodMarkChange rows through the admin site, a superuser included.
The rows can be looked at."""

import pytest
from django.forms.models import model_to_dict

from achievements.models import CellChange, PeriodMarkChange
from learners.models import Role
from tests.achievements.factories import CellChangeFactory, PeriodMarkChangeFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = {
    "cellchange": (CellChange, CellChangeFactory, {"old_marks": "2", "new_marks": "2"}),
    "periodmarkchange": (
        PeriodMarkChange,
        PeriodMarkChangeFactory,
        {"old_value": "2", "new_value": "2"},
    ),
}


@pytest.fixture(params=["superuser", "deputy"])
def admin_client(request, client):
    if request.param == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True)
    else:
        user = UserFactory(roles=[Role.DEPUTY])
    client.force_login(user)
    return client


@pytest.fixture(params=list(MODELS))
def history_row(request):
    model, factory, tampering = MODELS[request.param]
    row = factory(reason="опечатка")
    base = f"/admin/achievements/{request.param}/"
    return model, row, base, tampering


def test_history_admin_changelist_viewable(admin_client, history_row):
    _, row, base, _ = history_row

    response = admin_client.get(base)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [row]
    content = response.content.decode()
    assert "delete_selected" not in content
    assert f'href="{base}add/"' not in content


def test_history_admin_change_page_read_only(admin_client, history_row):
    _, row, base, _ = history_row

    response = admin_client.get(f"{base}{row.pk}/change/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Сохранить" not in content
    assert 'name="_save"' not in content
    assert 'name="_continue"' not in content
    assert "опечатка" in content
    assert response.context["has_change_permission"] is False


def test_history_admin_change_post_does_not_modify(admin_client, history_row):
    model, row, base, tampering = history_row
    before = model_to_dict(model.objects.get(pk=row.pk))
    data = {**before, **tampering, "reason": "подчистка"}
    data = {key: ("" if value is None else value) for key, value in data.items()}

    response = admin_client.post(f"{base}{row.pk}/change/", data)

    assert response.status_code == 403
    assert model_to_dict(model.objects.get(pk=row.pk)) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_history_admin_delete_forbidden(admin_client, history_row, method):
    model, row, base, _ = history_row

    response = getattr(admin_client, method)(f"{base}{row.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


def test_history_admin_bulk_delete_action_refused(admin_client, history_row):
    model, row, base, _ = history_row

    admin_client.post(
        base, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    )

    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_history_admin_add_forbidden(admin_client, history_row, method):
    model, _, base, _ = history_row

    response = getattr(admin_client, method)(f"{base}add/", {"reason": "вписано задним числом"})

    assert response.status_code == 403
    assert model.objects.count() == 1
