"""Rows of the documents' registers for tests that need them without printing: an
issued document with a small stored PDF, a request, a row of the disclosure log."""

import hashlib
from datetime import date

import factory
from django.core.files.base import ContentFile

from archive.models import (
    Delivery,
    Disclosure,
    DisclosureGround,
    DocumentKind,
    InfoRequest,
    IssuedDocument,
    RequestChannel,
    RequestStatus,
)
from learners.models import Role
from tests.factories import LearnerFactory, UserFactory

PDF = b"%PDF-1.4\n% test document\n%%EOF\n"


class IssuedDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuedDocument

    kind = DocumentKind.STUDY_CERTIFICATE
    year = 2026
    # Far above what a test issues through the service in the same register.
    number = factory.Sequence(lambda n: 9000 + n)
    issued_on = date(2026, 10, 1)
    learner = factory.SubFactory(LearnerFactory)
    title = factory.LazyAttribute(lambda o: f"Справка об обучении — {o.learner.short_name}")
    recipient = "Иванова Анна Петровна (мать)"
    purpose = "для предъявления по месту требования"
    to_family = True
    content = factory.LazyAttribute(lambda o: {"title": o.title})
    uploaded_by = factory.SubFactory(UserFactory, roles=[Role.CLERK])
    original_name = "document.pdf"
    content_type = "application/pdf"
    size = len(PDF)
    sha256 = hashlib.sha256(PDF).hexdigest()
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="document.pdf"))


class InfoRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfoRequest

    year = 2026
    number = factory.Sequence(lambda n: 9000 + n)
    registered_on = date(2026, 10, 1)
    deadline = date(2026, 10, 15)
    learner = factory.SubFactory(LearnerFactory)
    kind = DocumentKind.STUDY_CERTIFICATE
    purpose = "для предъявления по месту требования"
    delivery = Delivery.ACCOUNT
    channel = RequestChannel.ONLINE
    applicant_name = "Иванова Анна Петровна (мать)"
    status = RequestStatus.REGISTERED
    created_by = factory.SubFactory(UserFactory, roles=[Role.PARENT])
    applicant = factory.SelfAttribute("created_by")


class DisclosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disclosure

    recorded_by = factory.SubFactory(UserFactory, roles=[Role.DEPUTY])
    learner = factory.SubFactory(LearnerFactory)
    what = "Справка об обучении № СО-1"
    recipient = "Иванова Анна Петровна (мать)"
    ground = DisclosureGround.ISSUE
