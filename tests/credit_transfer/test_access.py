"""Who may open what in credit transfer (R-SEC-2, R-SEC-3): one walk over every URL × role ×
own/foreign application with exact status codes. An application outside a person's scope
answers 404 — the policy never shows it exists — and the refusal is logged on
``uchet.access``; so is a step a person may see but not take. A draft is its applicant's
alone. Every download of an attached document is logged and uncached.

The two applications of the walk: A, the Соколовs' (7А, a line of English, the mother is
the applicant), and B, another family's (7Б, a line of Informatics taught there by the 7Б
teacher). A is every role's own application except the 7Б teacher's, whose own is B."""

import io
import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from pypdf import PdfReader

from common.models import DocumentDownload
from credit_transfer import services
from credit_transfer import urls as credit_urls
from credit_transfer.models import (
    Application,
    Conversion,
    Status,
)
from learners.access import roles_of
from learners.models import Role
from tests.achievements.portfolio.files import pdf_bytes, pdf_upload
from tests.credit_transfer.conftest import make_application, submit
from tests.credit_transfer.factories import (
    ApplicationFactory,
    ApplicationLineFactory,
    AttachmentFactory,
)
from tests.factories import GuardianFactory, GuardianshipFactory, UserFactory

pytestmark = pytest.mark.django_db

ACCESS_LOGGER = "uchet.access"
PDF = pdf_bytes()
ADMIN = "/admin/credit_transfer/application/"

ROLES = [
    "deputy",
    "director",
    "clerk",
    "teacher",  # English in 7А: the subject of A's line in A's class
    "other_class_teacher",  # Informatics in 7Б only
    "parent",  # the applicant of A
    "other_parent",  # the learner's father: a legal representative, not the applicant
    "learner",  # Соколов's own account
    "customer",
    "anonymous",
]
STAFF = ["deputy", "director", "clerk"]
OWN_IS_B = {"other_class_teacher"}

# Pages without an object: the status for each role, and where a redirect leads.
LIST_PAGES = {
    "/credit/": {
        # The clerk registers paper applications from here; the deputy and the director
        # review in the admin's list.
        **dict.fromkeys(["deputy", "director"], (302, ADMIN)),
        "clerk": (200, ""),
        **dict.fromkeys(["teacher", "other_class_teacher", "parent", "other_parent"], (200, "")),
        **dict.fromkeys(["learner", "customer"], (403, "")),
        "anonymous": (302, "/login/?next=/credit/"),
    },
    "/credit/new/": {
        "deputy": (200, ""),
        "director": (403, ""),
        "clerk": (200, ""),
        **dict.fromkeys(["teacher", "other_class_teacher", "learner", "customer"], (403, "")),
        **dict.fromkeys(["parent", "other_parent"], (200, "")),
        "anonymous": (302, "/login/?next=/credit/new/"),
    },
    "/credit/line-form/?lines-TOTAL_FORMS=1": {
        **dict.fromkeys(ROLES, (200, "")),
        "anonymous": (302, "/login/?next=/credit/line-form/%3Flines-TOTAL_FORMS%3D1"),
    },
    ADMIN: {
        **dict.fromkeys(STAFF, (200, "")),
        **dict.fromkeys(
            ["teacher", "other_class_teacher", "parent", "other_parent", "learner", "customer",
             "anonymous"],
            (302, f"/admin/login/?next={ADMIN}"),
        ),
    },
}  # fmt: skip

SEEN = {  # who sees the application: (own, foreign)
    **dict.fromkeys(STAFF, (200, 200)),
    **dict.fromkeys(["teacher", "other_class_teacher", "parent", "other_parent"], (200, 404)),
    **dict.fromkeys(["learner", "customer"], (404, 404)),
    "anonymous": (302, 302),
}
ONLY_APPLICANT = {
    **dict.fromkeys(ROLES, (404, 404)),
    "parent": (302, 404),
    "anonymous": (302, 302),
}
ADMIN_ONLY = {
    **dict.fromkeys(ROLES, (302, 302)),  # to the admin's login
    **dict.fromkeys(STAFF, (200, 200)),
}

# name → (method, path, the state A and B are in, {role: (own, foreign)}, what a refusal of
# an object outside the scope logs, what a refusal of a step on a visible object logs)
OBJECT_PAGES = {
    "credit_detail": ("get", "/credit/{application}/", Status.SUBMITTED, SEEN,
                      "credit_application", None),
    "credit_edit": ("get", "/credit/{application}/edit/", Status.DOCUMENTS_REQUESTED,
                    {**ONLY_APPLICANT, "parent": (200, 404)},
                    "credit_application", "credit_application_edit"),
    "credit_withdraw": ("post", "/credit/{application}/withdraw/", Status.SUBMITTED,
                        ONLY_APPLICANT, "credit_application", "credit_application_withdraw"),
    "credit_attachments_upload": ("post", "/credit/{application}/attachments/",
                                  Status.DOCUMENTS_REQUESTED, ONLY_APPLICANT,
                                  "credit_application", "credit_attachment_upload"),
    "credit_attachment": ("get", "/credit/attachments/{attachment}/", Status.SUBMITTED, SEEN,
                          "credit_attachment", None),
    "credit_attachment_delete": ("post", "/credit/attachments/{attachment}/delete/",
                                 Status.DOCUMENTS_REQUESTED, ONLY_APPLICANT,
                                 "credit_attachment", "credit_attachment_delete"),
    "credit_document": ("get", "/credit/{application}/application.pdf", Status.SUBMITTED, SEEN,
                        "credit_application", None),
    "credit_line_convert": ("post", "/credit/lines/{line}/convert/", Status.WITH_TEACHER,
                            {**dict.fromkeys(ROLES, (404, 404)),
                             "teacher": (302, 404), "other_class_teacher": (302, 404),
                             "anonymous": (302, 302)},
                            "credit_line", None),
    "admin:credit_transfer_application_change": ("get", ADMIN + "{application}/change/",
                                                 Status.SUBMITTED, ADMIN_ONLY,
                                                 "credit_application", None),
    "admin:credit_transfer_application_act": ("post", ADMIN + "{application}/act/",
                                              Status.SUBMITTED,
                                              {**ADMIN_ONLY, **dict.fromkeys(STAFF, (302, 302))},
                                              "credit_application", None),
}  # fmt: skip

# Which requests change the application: (page, role, "own" or "foreign").
CHANGES = {
    ("credit_withdraw", "parent", "own"),
    ("credit_attachments_upload", "parent", "own"),
    ("credit_attachment_delete", "parent", "own"),
    ("credit_line_convert", "teacher", "own"),
    ("credit_line_convert", "other_class_teacher", "own"),
    ("admin:credit_transfer_application_act", "deputy", "own"),
    ("admin:credit_transfer_application_act", "deputy", "foreign"),
}
POSTED = {
    "credit_withdraw": lambda application: {"version": str(application.version)},
    "credit_attachments_upload": lambda application: {"other": pdf_upload("Аттестат.pdf", PDF)},
    "credit_line_convert": lambda application: {"conversion": "credit_5"},
    "admin:credit_transfer_application_act": lambda application: {
        "action": "review",
        "version": str(application.version),
    },
}


# --- the school's people and applications ---------------------------------------------------


def store(attachment) -> None:
    path = Path(settings.MEDIA_ROOT) / attachment.file.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def people(school) -> dict:
    father = UserFactory(roles=[Role.PARENT], first_name="Андрей", last_name="Соколов")
    GuardianshipFactory(learner=school.learner, guardian=GuardianFactory(user=father))
    school.learner.user = UserFactory(roles=[Role.LEARNER])
    school.learner.save()
    return {
        "deputy": school.deputy,
        "director": school.director,
        "clerk": school.clerk,
        "teacher": school.teachers["Английский язык"],
        "other_class_teacher": school.teachers["Информатика 7Б"],
        "parent": school.parent,
        "other_parent": father,
        "learner": school.learner.user,
        "customer": UserFactory(roles=[Role.CUSTOMER]),
        "anonymous": None,
    }


def draft_a(school) -> Application:
    application = make_application(
        school,
        [{"subject": "Иностранный язык (английский)", "external_name": "Иностранный язык "
          "(английский)", "external_scale": "levels", "external_result": "высокий",
          "external_hours": 102}],
    )  # fmt: skip
    store(application.attachments.get())
    return application


def draft_b(school) -> Application:
    application = ApplicationFactory(
        group_enrollment=school.other_learner.enrollments.get(),
        applicant=school.other_parent,
        applicant_name="Петрова Анна Сергеевна",
    )
    ApplicationLineFactory(
        application=application,
        subject=school.subjects["Информатика"],
        external_scale="levels",
        external_result="высокий",
    )
    store(AttachmentFactory(application=application))
    return application


def bring(application, state, school, applicant) -> Application:
    """Move a complete draft to ``state`` through the services."""
    application = submit(application, applicant)
    steps = {
        Status.SUBMITTED: [],
        Status.DOCUMENTS_REQUESTED: [(Status.UNDER_REVIEW, ""),
                                     (Status.DOCUMENTS_REQUESTED, "Нужна справка с печатью")],
        Status.WITH_TEACHER: [(Status.UNDER_REVIEW, ""), (Status.WITH_TEACHER, "")],
    }[state]  # fmt: skip
    for to, comment in steps:
        application = services.application_transition(
            application=application, to=to, actor=school.deputy, comment=comment
        )
    return application


def applications(school, state) -> dict[str, Application]:
    return {
        "A": bring(draft_a(school), state, school, school.parent),
        "B": bring(draft_b(school), state, school, school.other_parent),
    }


def snapshot(application) -> tuple:
    application = Application.objects.get(pk=application.pk)
    return (
        application.status,
        application.version,
        application.attachments.count(),
        tuple(application.lines.values_list("conversion", flat=True)),
    )


def visit(client, user, method, url, data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.post(url, data or {}) if method == "post" else client.get(url)


def access_records(caplog) -> list[tuple[str, str]]:
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.name == ACCESS_LOGGER]


def refusal(user, what, pk) -> tuple[str, str]:
    roles = ",".join(sorted(roles_of(user)))
    return ("WARNING", f"access refused: user={user.pk} roles={roles} {what}={pk}")


# --- the walk -----------------------------------------------------------------------------------


def test_walk_covers_every_credit_transfer_url():
    names = {pattern.name for pattern in credit_urls.urlpatterns}

    fragments = {"credit_line_form", "credit_line_checks", "credit_line_subjects"}
    assert names - {"credit_index", "credit_new", *fragments} == {
        name for name in OBJECT_PAGES if not name.startswith("admin:")
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", list(LIST_PAGES))
def test_list_page_status_by_role(client, people, caplog, url, role):
    status, location = LIST_PAGES[url][role]

    response = visit(client, people[role], "get", url)

    assert response.status_code == status
    if status == 302:
        assert response["Location"] == location


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(OBJECT_PAGES))
def test_object_page_status_by_role_own_and_foreign(client, school, people, caplog, page, role):
    method, path, state, table, what, step = OBJECT_PAGES[page]
    user = people[role]
    found = applications(school, state)
    objects = {"own": found["A"], "foreign": found["B"]}
    if role in OWN_IS_B:
        objects = {"own": found["B"], "foreign": found["A"]}
    before = {key: snapshot(application) for key, application in objects.items()}
    files_before = stored_files()

    for key, expected in zip(("own", "foreign"), table[role], strict=True):
        application = objects[key]
        ids = {
            "application": application.pk,
            "attachment": application.attachments.get().pk,
            "line": application.lines.get().pk,
        }
        url = path.format(**ids)
        caplog.clear()
        with caplog.at_level(logging.INFO, logger=ACCESS_LOGGER):
            response = visit(client, user, method, url, POSTED.get(page, lambda _: {})(application))

        assert response.status_code == expected, (key, url)
        if expected == 404:
            visible = SEEN[role][0 if key == "own" else 1] == 200
            logged = step if visible and step else what
            pk = ids[what.removeprefix("credit_")]
            assert access_records(caplog) == [refusal(user, logged, pk)], key
        else:
            assert access_records(caplog) == [], key
        if page.startswith("admin:") and role not in STAFF:
            assert response["Location"] == f"/admin/login/?next={url}"
        elif user is None:
            assert response["Location"] == f"/login/?next={url}"
        changed = (page, role, key) in CHANGES
        assert (snapshot(application) != before[key]) is changed, key
    added = 1 if (page, role) == ("credit_attachments_upload", "parent") else 0
    assert len(stored_files()) == len(files_before) + added


@pytest.mark.parametrize("role", ROLES)
def test_attachment_download_logged_and_private(client, school, people, role):
    found = applications(school, Status.SUBMITTED)
    user = people[role]
    got = {}

    for key, application in found.items():
        attachment = application.attachments.get()
        response = visit(client, user, "get", f"/credit/attachments/{attachment.pk}/")
        got[key] = response.status_code
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == PDF
            assert (
                response["Content-Type"], response["Cache-Control"],
                response["X-Content-Type-Options"], response["Content-Disposition"],
            ) == (
                "application/pdf", "private, no-store", "nosniff",
                "inline; filename*=utf-8''%D0%A1%D0%BF%D1%80%D0%B0%D0%B2%D0%BA%D0%B0.pdf",
            )  # fmt: skip

    seen = {key for key, status in got.items() if status == 200}
    downloads = DocumentDownload.objects.order_by("pk")
    assert list(downloads.values_list("kind", "object_id", "user")) == [
        ("credit_attachment", str(found[key].attachments.get().pk), user.pk) for key in sorted(seen)
    ]


def test_attachment_every_download_writes_one_row(client, school, people):
    attachment = applications(school, Status.SUBMITTED)["A"].attachments.get()
    url = f"/credit/attachments/{attachment.pk}/"
    visitors = ["parent", "parent", "teacher", "deputy", "other_parent"]

    for role in visitors:
        response = visit(client, people[role], "get", url + "?download=1")
        assert response["Content-Disposition"].startswith("attachment; ")
        b"".join(response.streaming_content)

    assert list(DocumentDownload.objects.order_by("pk").values_list("user", flat=True)) == [
        people[role].pk for role in visitors
    ]


def test_attachment_unknown_id_not_found_and_logged(client, school, people, caplog):
    attachment = applications(school, Status.SUBMITTED)["A"].attachments.get()
    missing = attachment.pk + 1000

    with caplog.at_level(logging.WARNING, logger=ACCESS_LOGGER):
        response = visit(client, people["deputy"], "get", f"/credit/attachments/{missing}/")

    assert response.status_code == 404
    assert access_records(caplog) == [refusal(people["deputy"], "credit_attachment", missing)]
    assert DocumentDownload.objects.count() == 0


@pytest.mark.parametrize(
    ("back", "location"),
    [
        ("https://evil.example/", "/credit/{pk}/"),
        ("//evil.example/", "/credit/{pk}/"),
        ("/credit/{pk}/edit/", "/credit/{pk}/edit/"),
    ],
)
def test_attachment_delete_returns_only_to_own_site(client, school, people, back, location):
    application = applications(school, Status.DOCUMENTS_REQUESTED)["A"]
    attachment = application.attachments.get()

    response = visit(
        client, people["parent"], "post", f"/credit/attachments/{attachment.pk}/delete/",
        {"next": back.format(pk=application.pk)},
    )  # fmt: skip

    assert (response.status_code, response["Location"]) == (302, location.format(pk=application.pk))
    assert application.attachments.count() == 0


# --- drafts -----------------------------------------------------------------------------------

# A draft of A: (detail, edit, attachment, the admin's review page) for each role.
DRAFT = {
    **dict.fromkeys(ROLES, (404, 404, 404, 302)),
    **dict.fromkeys(STAFF, (404, 404, 404, 404)),
    "parent": (200, 200, 200, 302),
    "anonymous": (302, 302, 302, 302),
}


@pytest.mark.parametrize("role", ROLES)
def test_draft_invisible_to_everyone_but_its_applicant(client, school, people, caplog, role):
    draft = draft_a(school)
    attachment = draft.attachments.get()
    user = people[role]
    urls = [
        f"/credit/{draft.pk}/",
        f"/credit/{draft.pk}/edit/",
        f"/credit/attachments/{attachment.pk}/",
        f"{ADMIN}{draft.pk}/change/",
    ]
    what = [
        ("credit_application", draft.pk),
        ("credit_application", draft.pk),
        ("credit_attachment", attachment.pk),
        ("credit_application", draft.pk),
    ]

    statuses, records = [], []
    for url, logged in zip(urls, what, strict=True):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger=ACCESS_LOGGER):
            statuses.append(visit(client, user, "get", url).status_code)
        records.append(access_records(caplog) == ([refusal(user, *logged)] if statuses[-1] == 404
                                                  else []))  # fmt: skip

    assert tuple(statuses) == DRAFT[role]
    assert records == [True] * 4
    assert DocumentDownload.objects.count() == (1 if role == "parent" else 0)


def test_draft_absent_from_admin_list(client, school, people):
    draft = draft_a(school)

    page = visit(client, people["deputy"], "get", ADMIN).content.decode()

    assert f"{ADMIN}{draft.pk}/change/" not in page
    assert "Соколов Михаил Андреевич" not in page


@pytest.mark.parametrize(
    "role",
    [
        "parent",
        "teacher",
        "other_parent",
    ],
)
def test_draft_listed_only_for_its_applicant(client, school, people, role):
    draft = draft_a(school)

    page = visit(client, people[role], "get", "/credit/").content.decode()

    listed = f'<a href="/credit/{draft.pk}/">черновик</a>' in page
    assert listed is (role == "parent")
    assert ("ГБУ ДО «IT-куб»" in page) is (role == "parent")


def test_draft_line_convert_by_teacher_not_found(client, school, people, caplog):
    line = draft_a(school).lines.get()

    with caplog.at_level(logging.WARNING, logger=ACCESS_LOGGER):
        response = visit(
            client, people["teacher"], "post", f"/credit/lines/{line.pk}/convert/",
            {"conversion": "credit_5"},
        )  # fmt: skip

    assert response.status_code == 404
    assert access_records(caplog) == [refusal(people["teacher"], "credit_line", line.pk)]


# --- documents -------------------------------------------------------------------------------


def test_documents_appear_with_their_step(client, school, people):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    parent = people["parent"]

    def statuses(user):
        return [
            visit(client, user, "get", f"/credit/{application.pk}/{kind}.pdf").status_code
            for kind in ("application", "decision", "order", "unknown")
        ]

    assert statuses(parent) == [200, 404, 404, 404]
    services.application_transition(
        application=application, to=Status.UNDER_REVIEW, actor=school.deputy
    )
    services.application_transition(application=application, to=Status.DECIDED, actor=school.deputy)
    assert statuses(parent) == [200, 200, 404, 404]
    services.application_transition(
        application=application, to=Status.ORDER_ISSUED, actor=school.director,
        order_number="17-у", order_date=timezone.localdate(),
    )  # fmt: skip
    assert statuses(parent) == [200, 200, 200, 404]
    assert statuses(people["teacher"]) == [404, 404, 404, 404]

    response = visit(client, parent, "get", f"/credit/{application.pk}/order.pdf?download=1")
    assert (response["Content-Type"], response["Cache-Control"]) == (
        "application/pdf", "private, no-store",
    )  # fmt: skip
    number = application.number.replace("/", "-")
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert response.content.startswith(b"%PDF")
    assert number in response["Content-Disposition"]


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.parametrize(
    ("role", "personal"),
    [
        ("parent", True),
        ("deputy", True),
        ("teacher", False),
        ("other_parent", False),
    ],
)
def test_application_pdf_personal_data_only_for_applicant_and_staff(
    client, school, people, role, personal
):
    application = applications(school, Status.SUBMITTED)["A"]

    response = visit(client, people[role], "get", f"/credit/{application.pk}/application.pdf")

    assert response.status_code == 200
    printed = pdf_text(response.content)
    assert "Соколова Елена Павловна" in printed
    assert [text in printed for text in ("№ 123456", "Кольцовская", "123-45-67")] == [personal] * 3


# --- the subject teacher's step on someone else's line ---------------------------------------


def test_convert_by_teacher_of_other_subject_in_same_class_not_found(client, school, caplog):
    application = applications(school, Status.WITH_TEACHER)["A"]
    line = application.lines.get()
    teacher = school.teachers["Информатика"]  # teaches 7А, but not English

    with caplog.at_level(logging.WARNING, logger=ACCESS_LOGGER):
        response = visit(
            client, teacher, "post", f"/credit/lines/{line.pk}/convert/", {"conversion": "credit_4"}
        )

    assert response.status_code == 404
    assert access_records(caplog) == [refusal(teacher, "credit_line", line.pk)]
    line.refresh_from_db()
    assert line.conversion == ""
    assert Application.objects.get(pk=application.pk).status == Status.WITH_TEACHER
    assert Conversion.CREDIT_4 not in set(
        Application.objects.values_list("lines__conversion", flat=True)
    )
