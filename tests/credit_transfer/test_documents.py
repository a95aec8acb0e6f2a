"""The printed documents (R-CT-10), read back from the PDF: the application in the
layout of Appendix 1 with the record of its signature, the decision line by line, and
the director's order."""

import io

import pytest
from django.utils import timezone
from pikepdf import pdfa
from pypdf import PdfReader

from credit_transfer import exports, services
from credit_transfer.models import Application, Status
from learners.models import Guardianship, Kinship, Learner, Sex
from tests.credit_transfer.conftest import make_application, submit

pytestmark = pytest.mark.django_db


def text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def move(application, to, actor, **details):
    return services.application_transition(application=application, to=to, actor=actor, **details)


def test_application_pdf_in_layout_of_appendix_1(school):
    application = submit(
        make_application(school, ["Информатика", "Алгебра"], period=school.current_period),
        school.parent,
    )
    content = exports.application_pdf(application, show_personal=True)
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [595, 842]
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert all(
        "/FontFile2" in font.get_object()["/FontDescriptor"]
        for font in (f.get_object()["/DescendantFonts"][0] for f in fonts.values())
    )
    printed = text(content)
    submitted = timezone.localtime(application.submitted_at)
    for fragment in (
        f"Рег. № {application.number} от {submitted:%d.%m.%Y}",
        "Директору МАОУ СОШ № 17 Смирновой Ольге Викторовне",
        "Соколовой Елены Павловны ФИО родителя/законного представителя",
        "серия 45 06 № 123456",
        "Заявление.",
        "Прошу зачесть моему сыну Соколову Михаилу Андреевичу, 12.03.2013 г. р., "
        "обучающемуся в ГБУ ДО",
        "результаты освоения программы в области «Математика и информатика» — Дополнительная",
        "лицензия № Л035-01234-36/00111111 от 01.08.2019",
        "при обучении в 7 классе МАОУ СОШ № 17",
        "Настоящим подтверждаю своё согласие на выставление отметок (оценок) по "
        "вышеуказанному(-ым) предмету(-ам) по итогам периода",
        "Справка (выписка) с отметками, заверенная организацией: Справка.pdf",
        "Прошу освободить обучающегося от посещения занятий по зачтённым предметам.",
        "подписано электронно Соколова Елена Павловна подпись расшифровка (ФИО)",
        f"Подписано простой электронной подписью: учётная запись sokolova, "
        f"{timezone.localtime(application.signed_at):%d.%m.%Y %H:%M}",
    ):
        assert fragment in printed, fragment
    assert application.signature_digest in printed.replace(" ", "")
    assert "Информатика" in printed and "Алгебра" in printed


def test_application_pdf_paper_has_signature_line(school):
    application = make_application(school, ["Информатика"])
    Application.objects.filter(pk=application.pk).update(is_paper=True)
    application.refresh_from_db()
    application = submit(application, school.clerk)
    printed = text(exports.application_pdf(application, show_personal=True))
    assert "Заявление подано на бумаге. Зарегистрировано:" in printed
    assert "простой электронной подписью" not in printed


def test_decision_and_order_pdf(school):
    application = submit(make_application(school, ["Информатика", "Алгебра"]), school.parent)
    move(application, Status.UNDER_REVIEW, school.deputy)
    application = move(application, Status.DECIDED, school.deputy)
    submitted = timezone.localtime(application.submitted_at)
    decision = text(exports.decision_pdf(application))
    for fragment in (
        "Решение о зачёте результатов освоения учебных предметов в другой организации",
        f"По заявлению Соколовой Елены Павловны (рег. № {application.number} от "
        f"{submitted:%d.%m.%Y}) о зачёте результатов Соколова Михаила Андреевича, "
        "12.03.2013 г. р., 7А, полученных в ГБУ ДО",
        "доводится до сведения обучающегося и его родителей (законных представителей)",
        "принято решение: зачтено частично",
        "Информатика",
        "Зачтено 5",
        "Отказано",
        "обязателен для ГИА",
        f"не позднее {application.notify_by:%d.%m.%Y} (п. 5.7 Положения)",
    ):
        assert fragment in decision, fragment
    with pytest.raises(ValueError):
        exports.order_pdf(application)
    application = move(
        application,
        Status.ORDER_ISSUED,
        school.director,
        order_number="117-у",
        order_date=timezone.localdate(),
    )
    order = text(exports.order_pdf(application))
    for fragment in (
        "ПРИКАЗ",
        "№ 117-у",
        "ПРИКАЗЫВАЮ:",
        f"На основании заявления Соколовой Елены Павловны (рег. № {application.number} от "
        f"{submitted:%d.%m.%Y}), решения о зачёте",
        "Зачесть Соколову Михаилу Андреевичу (7А) результаты, полученные в ГБУ ДО",
        "«Информатика» — отметка «5»",
        f"Освободить Соколова Михаила Андреевича от посещения занятий по зачтённым предметам "
        f"с {timezone.localdate():%d.%m.%Y}",
        "Директор",
    ):
        assert fragment in order, fragment
    assert "Алгебра" not in order


@pytest.mark.parametrize(
    ("kinship", "relation"),
    [
        (Kinship.FATHER, "моей дочери "),
        (Kinship.TRUSTEE, "моей подопечной "),
        (Kinship.OTHER, ""),
    ],
)
def test_documents_decline_a_daughters_and_fathers_names(school, kinship, relation):
    Learner.objects.filter(pk=school.learner.pk).update(
        last_name="Римская-Корсакова", first_name="Алёна", patronymic="Ильинична", sex=Sex.FEMALE
    )
    Guardianship.objects.filter(learner=school.learner).update(kinship=kinship)
    application = submit(
        make_application(school, ["Информатика"], applicant_name="Мамедов Эльдар Мамед оглы"),
        school.parent,
    )
    move(application, Status.UNDER_REVIEW, school.deputy)
    move(application, Status.DECIDED, school.deputy)
    application = move(
        application,
        Status.ORDER_ISSUED,
        school.director,
        order_number="118-у",
        order_date=timezone.localdate(),
    )

    printed = text(exports.application_pdf(application, show_personal=False))
    decision = text(exports.decision_pdf(application))
    order = text(exports.order_pdf(application))

    for fragment in (
        "Мамедова Эльдара Мамед оглы ФИО родителя/законного представителя",
        f"Прошу зачесть {relation}Римской-Корсаковой Алёне Ильиничне, 12.03.2013 г. р., "
        "обучающейся в ГБУ ДО",
        "Прошу освободить обучающуюся от посещения занятий",
        "подписано электронно Мамедов Эльдар Мамед оглы подпись",
    ):
        assert fragment in printed, fragment
    for fragment in (
        "По заявлению Мамедова Эльдара Мамед оглы (рег. №",
        "о зачёте результатов Римской-Корсаковой Алёны Ильиничны, 12.03.2013 г. р., 7А",
        "доводится до сведения обучающейся и её родителей",
    ):
        assert fragment in decision, fragment
    for fragment in (
        "На основании заявления Мамедова Эльдара Мамед оглы (рег. №",
        "Зачесть Римской-Корсаковой Алёне Ильиничне (7А) результаты",
        "Освободить Римскую-Корсакову Алёну Ильиничну от посещения занятий",
    ):
        assert fragment in order, fragment


def test_documents_refused_before_their_step(school):
    draft = make_application(school, ["Информатика"])
    with pytest.raises(ValueError):
        exports.application_pdf(draft, show_personal=True)
    for render in (exports.decision_pdf, exports.order_pdf):
        with pytest.raises(ValueError):
            render(draft)


def test_every_document_pdfa_2b(school):
    application = submit(make_application(school, ["Информатика", "Алгебра"]), school.parent)
    move(application, Status.UNDER_REVIEW, school.deputy)
    application = move(application, Status.DECIDED, school.deputy)
    application = move(
        application,
        Status.ORDER_ISSUED,
        school.director,
        order_number="117-у",
        order_date=timezone.localdate(),
    )
    printed = {
        "application": exports.application_pdf(application, show_personal=True),
        "application without personal data": exports.application_pdf(
            application, show_personal=False
        ),
        "decision": exports.decision_pdf(application),
        "order": exports.order_pdf(application),
    }

    verdicts = {
        name: pdfa.validate_written(io.BytesIO(content), "2b").verdict
        for name, content in printed.items()
    }

    assert verdicts == dict.fromkeys(printed, "pass")
