"""Pieces every document's data shares: the organisation's requisites and terms, the
learner's particulars, dates as printed."""

from datetime import date

from django.core.exceptions import ValidationError

from learners.models import Learner, Organisation


def printed_date(value: date | None) -> str:
    return f"{value:%d.%m.%Y}" if value else ""


def organisation_content() -> dict:
    """The requisites every document carries (R-AR-6). A document cannot be issued
    before the organisation is described: its name and requisites are its header."""
    organisation = Organisation.objects.first()
    if organisation is None:
        raise ValidationError(
            "Не заполнены сведения об организации: документ не может быть выдан без её "
            "реквизитов. Заполните их в разделе «Администрирование → Организация»."
        )
    return {
        "kind": organisation.kind,
        "terms": dict(organisation.terms),
        "full_name": organisation.full_name,
        "short_name": organisation.short_name,
        "address": organisation.address,
        "phone": organisation.phone,
        "email": organisation.email,
        "inn": organisation.inn,
        "kpp": organisation.kpp,
        "ogrn": organisation.ogrn,
        "licence_number": organisation.licence_number,
        "licence_date": printed_date(organisation.licence_date),
        "accreditation_number": organisation.accreditation_number,
        "accreditation_date": printed_date(organisation.accreditation_date),
        "director_name": organisation.director_name,
        "director_title": organisation.director_title,
    }


def person_content(person) -> dict:
    """A person's name in parts, so that templates can decline it (common/names.py)."""
    return {
        "last_name": person.last_name,
        "first_name": person.first_name,
        "patronymic": person.patronymic,
        "sex": getattr(person, "sex", ""),
        "full_name": person.full_name,
        "short_name": person.short_name,
    }


def learner_content(learner: Learner) -> dict:
    return {
        **person_content(learner),
        "id": learner.pk,
        "birth_date": printed_date(learner.birth_date),
        "personal_file_number": learner.personal_file_number,
        "status": learner.get_status_display(),
    }
