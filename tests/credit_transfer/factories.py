"""factory-boy factories for credit transfer applications."""

from datetime import date

import factory

from credit_transfer.models import (
    Application,
    ApplicationLine,
    Attachment,
    AttachmentKind,
    Ground,
)
from learners.models import ScaleKind


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft with every field of Appendix 1 filled in; lines and attachments are
    added separately."""

    class Meta:
        model = Application

    learner = factory.SelfAttribute("group_enrollment.learner")
    group = factory.SelfAttribute("group_enrollment.group")
    year = factory.SelfAttribute("group.year")
    applicant = None
    created_by = factory.SelfAttribute("applicant")
    applicant_name = "Соколова Елена Павловна"
    passport_series = "4506"
    passport_number = "123456"
    passport_issued_by = "ОВД «Центральный» г. Воронежа"
    passport_issued_on = date(2010, 5, 20)
    registration_address = "394036, г. Воронеж, ул. Кольцовская, д. 5, кв. 12"
    phone = "+7 (910) 123-45-67"
    other_name = "ГБУ ДО «IT-куб»"
    other_address = "394000, г. Воронеж, пр-т Революции, д. 1"
    other_licence_number = "Л035-01234-36/00111111"
    other_licence_date = date(2019, 8, 1)
    subject_area = "Математика и информатика"
    programme_name = "Дополнительная общеразвивающая программа «Основы программирования»"
    ground = Ground.ELSEWHERE
    consent = True

    class Params:
        group_enrollment = None


class ApplicationLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationLine

    application = factory.SubFactory(ApplicationFactory)
    external_name = factory.SelfAttribute("subject.name")
    external_scale = ScaleKind.FIVE_POINT
    external_result = "5"
    external_hours = 34


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    application = factory.SubFactory(ApplicationFactory)
    kind = AttachmentKind.EXTRACT
    file = factory.Sequence(lambda n: f"credit/test/{n:04d}.pdf")
    original_name = "Справка.pdf"
    content_type = "application/pdf"
    size = 1024
    sha256 = "0" * 64
    uploaded_by = factory.SelfAttribute("application.applicant")
