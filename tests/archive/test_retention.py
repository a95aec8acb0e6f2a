"""The nomenclature of files (R-AR-4, R-AR-9): terms as data the clerk keeps and the
director confirms; a changed term needs confirming again."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError

from archive import services
from archive.models import RetentionRule, RetentionTerm
from learners.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/archive/retentionrule/"


@pytest.fixture
def director():
    return UserFactory(username="direktor", roles=[Role.DIRECTOR], is_staff=True)


@pytest.fixture
def clerk():
    return UserFactory(username="deloproizv", roles=[Role.CLERK], is_staff=True)


def journal_rule():
    return RetentionRule.objects.get(
        document_type="Электронный журнал успеваемости и посещаемости (классный журнал)"
    )


def test_seed_lists_product_documents_unconfirmed():
    rows = RetentionRule.objects.order_by("document_type")

    assert rows.count() == 9
    assert rows.filter(confirmed_at__isnull=False).count() == 0
    assert sorted({r.term for r in rows}) == ["no_longer_needed", "programme_end", "years"]
    electronic = rows.get(term=RetentionTerm.PROGRAMME_END)
    assert (electronic.years, electronic.term_text) == (
        None,
        "До окончания освоения образовательной программы",
    )
    assert electronic.legal_basis.startswith("Порядок индивидуального учёта, п. 6.4")


@pytest.mark.parametrize(
    ("years", "text"),
    [(1, "1 год"), (3, "3 года"), (5, "5 лет"), (11, "11 лет"), (21, "21 год"), (25, "25 лет")],
)
def test_term_text_years_in_russian(years, text):
    assert RetentionRule(term=RetentionTerm.YEARS, years=years).term_text == text


def test_confirm_by_director_records_who_and_when(director):
    rules = list(RetentionRule.objects.all()[:3])

    confirmed = services.retention_rules_confirm(rules=rules, actor=director)

    assert confirmed == 3
    assert (
        list(
            RetentionRule.objects.filter(confirmed_at__isnull=False).values_list(
                "confirmed_by", flat=True
            )
        )
        == [director.pk] * 3
    )


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.CLERK])
def test_confirm_by_other_role_refused_nothing_changed(role):
    with pytest.raises(PermissionDenied, match=r"Сроки хранения подтверждает директор\."):
        services.retention_rules_confirm(
            rules=list(RetentionRule.objects.all()), actor=UserFactory(roles=[role])
        )

    assert RetentionRule.objects.filter(confirmed_at__isnull=False).count() == 0


def test_save_changed_term_needs_confirming_again(director, clerk):
    rule = journal_rule()
    services.retention_rules_confirm(rules=[rule], actor=director)
    rule.refresh_from_db()

    rule.years = 10
    services.retention_rule_save(rule=rule, actor=clerk)

    rule.refresh_from_db()
    assert (rule.years, rule.confirmed_at, rule.confirmed_by) == (10, None, None)


def test_save_unchanged_keeps_confirmation(director, clerk):
    rule = journal_rule()
    services.retention_rules_confirm(rules=[rule], actor=director)
    rule.refresh_from_db()

    services.retention_rule_save(rule=rule, actor=clerk)

    rule.refresh_from_db()
    assert rule.confirmed_by == director


@pytest.mark.parametrize(
    ("term", "years"), [("years", None), ("years", 0), ("years", 101), ("permanent", 5)]
)
def test_save_years_not_matching_term_refused(clerk, term, years):
    rule = RetentionRule(document_type="Акты", term=term, years=years, legal_basis="ст. 1")

    with pytest.raises(ValidationError) as refusal:
        services.retention_rule_save(rule=rule, actor=clerk)

    assert "Число лет (от 1 до 100)" in " ".join(refusal.value.messages)
    assert not RetentionRule.objects.filter(document_type="Акты").exists()


def test_admin_add_years_missing_form_error_nothing_saved(client, clerk):
    client.force_login(clerk)

    response = client.post(
        URL + "add/",
        {"document_type": "Акты проверок", "term": "years", "years": "", "legal_basis": "ст. 1"},
    )

    assert response.status_code == 200
    assert "Число лет (от 1 до 100) указывается только для срока" in response.content.decode()
    assert not RetentionRule.objects.filter(document_type="Акты проверок").exists()


def test_admin_add_by_clerk_saved_unconfirmed(client, clerk):
    client.force_login(clerk)

    response = client.post(
        URL + "add/",
        {
            "document_type": "Акты проверок",
            "term": "permanent",
            "years": "",
            "legal_basis": "ст. 1",
        },
    )

    assert response.status_code == 302
    added = RetentionRule.objects.get(document_type="Акты проверок")
    assert (added.term_text, added.confirmed_at) == ("Постоянно", None)


def test_admin_list_warns_while_terms_unconfirmed(client, director):
    client.force_login(director)

    response = client.get(URL)

    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == [
        "Сроков, которые требуют подтверждения: 9. Они внесены по перечню, утверждённому "
        "приказом Росархива от 20.12.2019 № 236, но не сверены с его официальным текстом: "
        "директор подтверждает каждый срок после проверки."
    ]
    assert response.content.decode().count("требует подтверждения") == 9


def test_admin_confirm_action_by_director(client, director):
    client.force_login(director)
    pks = [str(pk) for pk in RetentionRule.objects.values_list("pk", flat=True)[:2]]

    response = client.post(URL, {"action": "confirm", "_selected_action": pks})

    assert response.status_code == 302
    assert RetentionRule.objects.filter(confirmed_by=director).count() == 2
    again = client.post(URL, {"action": "confirm", "_selected_action": pks}, follow=True)
    assert [str(m) for m in again.context["messages"]] == [
        "Подтверждено сроков хранения: 2.",
        "Выбранные сроки уже были подтверждены.",
        "Сроков, которые требуют подтверждения: 7. Они внесены по перечню, утверждённому "
        "приказом Росархива от 20.12.2019 № 236, но не сверены с его официальным текстом: "
        "директор подтверждает каждый срок после проверки.",
    ]


def test_admin_confirm_action_not_offered_to_clerk(client, clerk):
    client.force_login(clerk)
    pks = [str(pk) for pk in RetentionRule.objects.values_list("pk", flat=True)]

    listing = client.get(URL)
    client.post(URL, {"action": "confirm", "_selected_action": pks})

    assert 'value="confirm"' not in listing.content.decode()
    assert RetentionRule.objects.filter(confirmed_at__isnull=False).count() == 0


def test_admin_delete_not_offered(client, clerk):
    client.force_login(clerk)
    rule = journal_rule()

    response = client.post(URL + f"{rule.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert RetentionRule.objects.filter(pk=rule.pk).exists()
