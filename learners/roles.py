"""What each role may do in the admin site. Scope (which learners) is the access
policy's business; these are the model-level permissions Django's admin checks.
Synced after every migrate, so a new model's permissions reach the roles at once."""

from learners.models import Role

LEARNERS_MODELS = [
    "organisation", "academicyear", "studyperiod", "programme", "gradingscale",
    "scalevalue", "subject", "curriculumline", "staff", "studygroup", "learner",
    "guardian", "guardianship", "customer", "enrollment", "teachingassignment",
    "stateexamchoice", "calendaryear", "calendarday",
]  # fmt: skip

# History of the learners' records: read, never written by hand (the services write it).
LEARNERS_HISTORY = [f"learners.view_{model}" for model in ("learnerstatuschange",)]

JOURNAL_SETTINGS = ["workkind", "attestationrule", "achievementcategory"]
JOURNAL_HISTORY = [
    "cellchange", "periodmarkchange", "periodclosure", "achievement",
    "exemption", "academicdebt", "debtchange", "event",
    "externalassessment", "externalresult", "externalresultchange",
    "diagnosticresult", "diagnosticchange", "stateexamresult", "stateexamresultchange",
    "levelresult", "levelresultchange", "attestationcommission", "commissionmember",
    "finalattestationresult", "finalattestationchange",
]  # fmt: skip
# The clerk keeps the archive and personal files: the journal's settings, closures and
# exemption orders, not the live marks, their history or the portfolio (R-SEC-1).
CLERK_JOURNAL = ["workkind", "attestationrule", "achievementcategory", "periodclosure", "exemption"]

# Credit transfer runs in the admin for the administration: they read applications
# there; every step goes through the workflow's services, not model permissions.
CREDIT_TRANSFER = [
    f"credit_transfer.view_{model}"
    for model in ("application", "applicationchange", "notification")
]

# Who downloaded which document, stored or generated: read by the administration.
DOCUMENT_DOWNLOADS = ["common.view_documentdownload"]

# The nomenclature of files (R-AR-4): the clerk keeps it, the administration reads it
# and the director confirms its terms (archive/admin.py).
NOMENCLATURE_VIEW = ["archive.view_retentionrule"]
NOMENCLATURE_KEEP = [f"archive.{a}_retentionrule" for a in ("view", "add", "change")]

# Rewards (R-RW-1, R-RW-4): the deputy keeps the kinds and the one row of criteria (never
# adds a second); the director and the clerk read the kinds. Rewards, orders and their
# history are read only: every step goes through the workflow's services.
REWARD_KINDS_VIEW = ["rewards.view_rewardkind"]
REWARD_SETTINGS_KEEP = [f"rewards.{a}_rewardkind" for a in ("view", "add", "change")] + [
    "rewards.view_rewardrule",
    "rewards.change_rewardrule",
]
REWARD_RECORDS = [f"rewards.view_{model}" for model in ("reward", "rewardorder", "rewardchange")]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    # The deputy controls all accounting (000 §5.3): keeps the structure up to date.
    Role.DEPUTY: [
        f"learners.{action}_{model}"
        for model in LEARNERS_MODELS
        for action in ("view", "add", "change")
    ]
    + [
        f"achievements.{action}_{model}"
        for model in JOURNAL_SETTINGS
        for action in ("view", "add", "change")
    ]
    + [f"achievements.view_{model}" for model in JOURNAL_HISTORY]
    + [
        "learners.delete_studyperiod",
        "learners.delete_curriculumline",
        "learners.delete_teachingassignment",
        "learners.delete_guardianship",
        "learners.delete_stateexamchoice",
        "learners.delete_calendarday",
    ]
    + LEARNERS_HISTORY
    + CREDIT_TRANSFER
    + DOCUMENT_DOWNLOADS
    + NOMENCLATURE_VIEW
    + REWARD_SETTINGS_KEEP
    + REWARD_RECORDS,
    Role.DIRECTOR: [f"learners.view_{model}" for model in LEARNERS_MODELS]
    + LEARNERS_HISTORY
    + [f"achievements.view_{model}" for model in JOURNAL_SETTINGS + JOURNAL_HISTORY]
    + CREDIT_TRANSFER
    + DOCUMENT_DOWNLOADS
    + NOMENCLATURE_VIEW
    + REWARD_KINDS_VIEW
    + REWARD_RECORDS,
    Role.CLERK: [f"learners.view_{model}" for model in LEARNERS_MODELS]
    + LEARNERS_HISTORY
    + [f"achievements.view_{model}" for model in CLERK_JOURNAL]
    + CREDIT_TRANSFER
    + NOMENCLATURE_KEEP
    + REWARD_KINDS_VIEW,
    # The administrator configures the organisation, users and roles (R-ROLE).
    Role.ADMINISTRATOR: [
        f"learners.{action}_{model}"
        for model in LEARNERS_MODELS
        for action in ("view", "add", "change", "delete")
        if not (model == "enrollment" and action == "delete")
    ]
    + LEARNERS_HISTORY
    + [
        f"auth.{action}_{model}"
        for model in ("user", "group")
        for action in ("view", "add", "change", "delete")
    ],
}


def sync_role_permissions(**kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.label)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        # set, not add: a permission taken from a role in code leaves its holders too.
        group.permissions.set(wanted)
