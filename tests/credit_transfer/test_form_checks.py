"""The application form prevents mistakes before signing: it offers the subjects of the
learner's curriculum, shows each line's checks while the family types, refuses a line
that can never be credited beside its subject, keeps chosen files when shown again,
and asks before irreversible steps; families see names, never logins or hashes."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from credit_transfer import services
from credit_transfer.models import Application, Status
from tests.achievements.portfolio.files import pdf_upload
from tests.credit_transfer.conftest import (
    KEPT_FILE_ONLY,
    application_fields,
    kept_in_draft,
    make_application,
    submit,
)

pytestmark = pytest.mark.django_db

ENGLISH = {
    "subject": "Иностранный язык (английский)",
    "external_name": "Иностранный язык (английский)",
    "external_scale": "levels",
    "external_result": "высокий",
    "external_hours": 102,
}
ALGEBRA_REFUSED = (
    "Не подлежит зачёту: «Алгебра» обязателен для ГИА по программе "
    "«ООП основного общего образования» (п. 4.6)."
)


def as_user(client, user):
    client.force_login(user)
    return client


def options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return [text for value, text in re.findall(r'<option value="(\d*)"[^>]*>([^<]*)<', select)
            if value]  # fmt: skip


def test_new_form_offers_only_subjects_of_learners_curriculum(client, school):
    page = as_user(client, school.parent).get("/credit/new/").content.decode()

    assert options(page, "lines-0-subject") == [
        "Алгебра", "Иностранный язык (английский)", "Информатика", "Физическая культура",
    ]  # fmt: skip


def test_new_line_mandatory_at_state_exam_refused_beside_subject(client, school):
    data = application_fields(
        school,
        action="submit",
        extract=pdf_upload("Справка.pdf"),
        **{"lines-0-subject": school.subjects["Алгебра"].pk, "lines-0-external_name": "Алгебра",
           "lines-0-external_hours": "102"},
    )  # fmt: skip

    page = as_user(client, school.parent).post("/credit/new/", data).content.decode()

    assert f'<p class="field-error">{ALGEBRA_REFUSED}</p>' in page
    assert f"<p>Предмет 1, предмет по учебному плану школы: {ALGEBRA_REFUSED}</p>" in page
    assert kept_in_draft() == KEPT_FILE_ONLY


def test_new_draft_save_with_ineligible_line_refused_too(client, school):
    data = application_fields(
        school, action="save", **{"lines-0-subject": school.subjects["Алгебра"].pk}
    )

    page = as_user(client, school.parent).post("/credit/new/", data).content.decode()

    assert f'<p class="field-error">{ALGEBRA_REFUSED}</p>' in page
    assert Application.objects.count() == 0


def test_new_subject_outside_curriculum_refused(client, school):
    data = application_fields(
        school, action="save", **{"lines-0-subject": school.subjects["Химия"].pk}
    )

    page = as_user(client, school.parent).post("/credit/new/", data).content.decode()

    assert '<p class="field-error">Выберите предмет из списка.</p>' in page
    assert Application.objects.count() == 0


def test_line_checks_shown_while_typing_subject_only(client, school):
    response = as_user(client, school.parent).get(
        "/credit/line-checks/",
        {"prefix": "lines-0", "learner": school.learner.pk, "target": "year",
         "lines-0-subject": school.subjects["Алгебра"].pk},
    )  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 200
    assert '<p class="check-verdict"><strong>Не подлежит зачёту</strong></p>' in page
    assert (
        '<li class="check-fail">«Алгебра» обязателен для ГИА по программе '
        "«ООП основного общего образования» (п. 4.6)</li>"
    ) in page
    assert '<li class="check-ok">«Алгебра» есть в учебном плане 7 класса</li>' in page


def test_line_checks_of_complete_line_eligible(client, school):
    data = {
        key.replace("lines-0-", "lines-3-"): value
        for key, value in application_fields(school).items()
        if key.startswith("lines-0-")
    }
    response = as_user(client, school.parent).get(
        "/credit/line-checks/",
        {"prefix": "lines-3", "learner": school.learner.pk, "target": "year", **data},
    )

    page = response.content.decode()
    assert '<p class="check-verdict"><strong>Можно зачесть</strong></p>' in page
    assert '<li class="check-ok">34 ч при 34 ч по учебному плану</li>' in page


@pytest.mark.parametrize(
    ("prefix", "learner", "status", "content"),
    [
        ("lines-0", "other", 200, ""),
        ("lines-x", "own", 400, "Неверный запрос: не указана строка заявления."),
        ("", "own", 400, "Неверный запрос: не указана строка заявления."),
    ],
)
def test_line_checks_foreign_learner_empty_bad_prefix_refused(
    client, school, prefix, learner, status, content
):
    pk = school.other_learner.pk if learner == "other" else school.learner.pk
    response = as_user(client, school.parent).get(
        "/credit/line-checks/",
        {"prefix": prefix, "learner": pk, "lines-0-subject": school.subjects["Алгебра"].pk},
    )

    assert (response.status_code, response.content.decode().strip()) == (status, content)


def test_line_form_fragment_offers_learners_curriculum(client, school):
    page = (
        as_user(client, school.parent)
        .get("/credit/line-form/", {"lines-TOTAL_FORMS": "1", "learner": school.learner.pk})
        .content.decode()
    )

    assert options(page, "lines-1-subject") == [
        "Алгебра", "Иностранный язык (английский)", "Информатика", "Физическая культура",
    ]  # fmt: skip


def test_form_shown_again_shows_line_checks(client, school):
    data = application_fields(school, action="submit", other_name="")

    page = as_user(client, school.parent).post("/credit/new/", data).content.decode()

    assert '<p class="check-verdict"><strong>Можно зачесть</strong></p>' in page


def test_form_marks_required_fields(client, school):
    page = as_user(client, school.parent).get("/credit/new/").content.decode()

    assert (
        '<label for="id_applicant_name">Фамилия, имя, отчество (при наличии) заявителя '
        '<span class="required-mark" aria-hidden="true">*</span></label>'
    ) in page
    assert '<label for="id_other_accreditation_number">Номер свидетельства' in page
    assert "Номер свидетельства о государственной аккредитации <span" not in page


def test_edit_invalid_keeps_chosen_file_on_existing_draft(client, school):
    parent = as_user(client, school.parent)
    parent.post("/credit/new/", application_fields(school, action="save"))
    draft = Application.objects.get()

    response = parent.post(
        f"/credit/{draft.pk}/edit/",
        application_fields(
            school, action="submit", phone="12345", version=str(draft.version),
            education=pdf_upload("Аттестат.pdf"),
        ),
    )  # fmt: skip

    page = response.content.decode()
    assert "Выбранные файлы сохранены в черновике заявления" in page
    assert [a.original_name for a in draft.attachments.all()] == ["Аттестат.pdf"]
    assert (Application.objects.get().status, Application.objects.get().phone) == (
        Status.DRAFT, "+7 (910) 123-45-67",
    )  # fmt: skip


def test_new_kept_file_then_corrected_submits_one_application(client, school):
    parent = as_user(client, school.parent)
    parent.post("/credit/new/", application_fields(
        school, action="submit", phone="12345", extract=pdf_upload("Справка.pdf")))  # fmt: skip
    draft = Application.objects.get()

    response = parent.post(
        f"/credit/{draft.pk}/edit/",
        application_fields(school, action="submit", version=str(draft.version)),
    )

    draft.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, f"/credit/{draft.pk}/")
    assert (Application.objects.count(), draft.status, draft.lines.count()) == (
        1, Status.SUBMITTED, 1,
    )  # fmt: skip
    assert [a.original_name for a in draft.attachments.all()] == ["Справка.pdf"]


def test_submit_and_remove_attachment_ask_confirmation(client, school):
    application = make_application(school, ["Информатика"])
    page = as_user(client, school.parent).get(f"/credit/{application.pk}/edit/").content.decode()

    assert (
        'data-confirm="Заявление будет подписано простой электронной подписью и отправлено в '
        'школу; изменить его можно будет только по запросу школы."'
    ) in page
    name = application.attachments.get().original_name
    assert f'data-confirm="Документ «{name}» будет удалён из заявления;' in page


def test_withdraw_asks_confirmation_and_says_what_happened(client, school):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    parent = as_user(client, school.parent)

    page = parent.get(f"/credit/{application.pk}/").content.decode()
    response = parent.post(f"/credit/{application.pk}/withdraw/", {"version": "2"})

    assert 'data-confirm="Заявление будет отозвано: школа прекратит его рассмотрение.' in page
    assert [m.message for m in get_messages(response.wsgi_request)] == [
        "Заявление отозвано: школа его больше не рассматривает."
    ]


def test_detail_family_sees_signer_name_staff_the_login(client, school):
    application = submit(make_application(school, ["Информатика"]), school.parent)

    family = as_user(client, school.parent).get(f"/credit/{application.pk}/").content.decode()
    staff = as_user(client, school.deputy).get(f"/credit/{application.pk}/").content.decode()

    assert "простая электронная подпись: Елена Соколова," in family
    assert "sokolova" not in family
    assert "простая электронная подпись: учётная запись sokolova," in staff
    digest = application.attachments.get().sha256
    assert (f"SHA-256: {digest}" in staff, "SHA-256" in family) == (True, False)


def with_teacher(school):
    application = submit(make_application(school, [ENGLISH]), school.parent)
    for to in (Status.UNDER_REVIEW, Status.WITH_TEACHER):
        application = services.application_transition(
            application=application, to=to, actor=school.deputy, comment="Прошу решить"
        )
    return application


def test_detail_teacher_converts_from_application_page(client, school):
    application = with_teacher(school)
    line = application.lines.get()
    teacher = as_user(client, school.teachers["Английский язык"])

    page = teacher.get(f"/credit/{application.pk}/").content.decode()
    response = teacher.post(
        f"/credit/lines/{line.pk}/convert/",
        {"conversion": "credit_4", "next": f"/credit/{application.pk}/"},
    )

    assert f'action="/credit/lines/{line.pk}/convert/" class="conversion-form"' in page
    assert f'<input type="hidden" name="next" value="/credit/{application.pk}/">' in page
    assert (response.status_code, response["Location"]) == (302, f"/credit/{application.pk}/")
    line.refresh_from_db()
    assert line.conversion == "credit_4"
    after = teacher.get(f"/credit/{application.pk}/").content.decode()
    assert "conversion-form" not in after


def test_detail_other_teacher_and_family_get_no_conversion_controls(client, school):
    application = with_teacher(school)

    family = as_user(client, school.parent).get(f"/credit/{application.pk}/").content.decode()
    deputy = as_user(client, school.deputy).get(f"/credit/{application.pk}/").content.decode()

    assert ("conversion-form" in family, "conversion-form" in deputy) == (False, False)


def test_clerk_index_offers_paper_application_with_learner_picker(client, school):
    page = as_user(client, school.clerk).get("/credit/").content.decode()

    assert (
        '<a class="button primary" href="/credit/new/">Зарегистрировать бумажное заявление</a>'
        in page
    )
    assert '<form method="get" action="/credit/new/" class="filters">' in page
    assert '<label for="paper-q">Фамилия обучающегося</label>' in page


def test_paper_applicant_choice_fills_name_and_phone(client, school):
    guardian = school.parent.guardian
    guardian.phone = "+7 (910) 555-44-33"
    guardian.save(update_fields=["phone"])

    page = (
        as_user(client, school.clerk)
        .get("/credit/new/", {"paper_learner": school.learner.pk, "applicant": school.parent.pk})
        .content.decode()
    )

    assert f'<option value="{school.parent.pk}" selected>' in page
    assert f'name="applicant_name" value="{guardian.full_name}"' in page
    assert 'name="phone" value="+7 (910) 555-44-33"' in page
    assert 'hx-select="#applicant-fields"' in page


def test_paper_applicant_of_another_family_not_filled(client, school):
    page = (
        as_user(client, school.clerk)
        .get("/credit/new/", {"learner": school.learner.pk, "applicant": school.other_parent.pk})
        .content.decode()
    )

    assert 'name="applicant_name" value=' not in page


def _line_subjects(client, user, learner, **lines):
    return as_user(client, user).get(
        "/credit/line-subjects/", {"learner": learner, "lines-TOTAL_FORMS": len(lines), **lines}
    )


def test_line_subjects_chosen_child_curriculum_offered_choice_kept(client, school):
    english = school.subjects["Иностранный язык (английский)"]
    response = _line_subjects(
        client, school.parent, school.learner.pk, **{"lines-0-subject": english.pk}
    )
    page = response.content.decode()

    assert response.status_code == 200
    assert options(page, "lines-0-subject") == [
        "Алгебра", "Иностранный язык (английский)", "Информатика", "Физическая культура",
    ]  # fmt: skip
    assert f'<option value="{english.pk}" selected>' in page
    assert '<span id="lines-0-subject-choice" hx-swap-oob="true">' in page


def test_line_subjects_subject_outside_curriculum_dropped_and_said(client, school):
    chemistry = school.subjects["Химия"]
    page = _line_subjects(
        client, school.parent, school.learner.pk, **{"lines-0-subject": chemistry.pk}
    ).content.decode()

    assert '<option value="" selected>— предмет —</option>' in page
    assert f'value="{chemistry.pk}"' not in page
    assert (
        "Предмет «Химия» не входит в учебный план выбранного ребёнка: выберите предмет заново."
        in page
    )


def test_line_subjects_foreign_child_ignored_own_childs_offered(client, school):
    page = _line_subjects(
        client, school.other_parent, school.learner.pk, **{"lines-0-subject": ""}
    ).content.decode()

    # Another family's child is not theirs to choose: the list is their own child's.
    assert options(page, "lines-0-subject") == [
        "Алгебра", "Иностранный язык (английский)", "Информатика", "Физическая культура",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("total", "message"),
    [
        ("abc", "Неверный запрос: не указано число строк заявления."),
        ("21", "Неверный запрос: не указано число строк заявления."),
    ],
)
def test_line_subjects_bad_count_refused(client, school, total, message):
    response = as_user(client, school.parent).get(
        "/credit/line-subjects/", {"learner": school.learner.pk, "lines-TOTAL_FORMS": total}
    )

    assert (response.status_code, response.content.decode()) == (400, message)


def test_line_subjects_queries_constant_in_lines(client, school):
    chemistry = school.subjects["Химия"]
    as_user(client, school.parent)
    one = {"learner": school.learner.pk, "lines-TOTAL_FORMS": 1, "lines-0-subject": chemistry.pk}
    many = {"learner": school.learner.pk, "lines-TOTAL_FORMS": 8}
    many |= {f"lines-{i}-subject": chemistry.pk for i in range(8)}
    client.get("/credit/line-subjects/", one)

    with CaptureQueriesContext(connection) as few:
        client.get("/credit/line-subjects/", one)
    with CaptureQueriesContext(connection) as more:
        client.get("/credit/line-subjects/", many)

    assert len(more.captured_queries) == len(few.captured_queries)
