"""The demo of the final attestation against a training company made by factories,
and the read-only admin registers."""

from datetime import date

import pytest
from django.urls import reverse

from achievements.final_attestation.demo import generate
from achievements.models import AttestationCommission, FinalAttestationResult
from archive.documents import qualification_demo
from archive.models import CertificateEntry, DocumentKind, IssuedDocument
from learners.models import Organisation, OrganisationKind

TODAY = date(2026, 12, 1)


def test_demo_sits_commission_issues_protocol_and_documents(training):
    counts = generate(today=TODAY, seed=5)
    # Ветрова has no result for module 2: not admitted, so no result and no document.
    assert counts == {"commissions": 1, "final_results": 2}
    documents = qualification_demo.generate(today=TODAY, seed=5)
    assert documents == {"protocols": 1, "qualification_documents": 2}
    commission = AttestationCommission.objects.get()
    assert commission.group == training.group
    assert commission.held_on == date(2026, 11, 30)
    assert commission.members.count() == 2
    assert "АО «Астраханьгазпром»" in commission.chair_position
    assert sorted(FinalAttestationResult.objects.values_list("learner__last_name", flat=True)) == [
        "Антонова",
        "Борисов",
    ]
    assert IssuedDocument.objects.filter(kind=DocumentKind.FINAL_PROTOCOL).count() == 1
    titles = set(CertificateEntry.objects.values_list("document_title", flat=True))
    assert titles == {"Удостоверение о повышении квалификации"}
    # Run again: nothing doubles.
    assert generate(today=TODAY, seed=5)["commissions"] == 0
    assert qualification_demo.generate(today=TODAY, seed=5) == {
        "protocols": 0,
        "qualification_documents": 0,
    }
    assert AttestationCommission.objects.count() == 1


def test_demo_does_nothing_outside_training_company(training):
    Organisation.objects.update(kind=OrganisationKind.SCHOOL)
    assert generate(today=TODAY, seed=5) == {}
    assert qualification_demo.generate(today=TODAY, seed=5) == {}
    assert not AttestationCommission.objects.exists()


@pytest.mark.parametrize(
    "model",
    [
        "attestationcommission",
        "commissionmember",
        "finalattestationresult",
        "finalattestationchange",
    ],
)
def test_admin_registers_read_only_for_deputy(client, training, model):
    training.commission()
    client.force_login(training.deputy)
    url = reverse(f"admin:achievements_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(reverse(f"admin:achievements_{model}_add")).status_code == 403
