"""The printed documents of rewards (R-RW-3, R-RW-6): a granted reward's certificate,
printed in the form its kind names (``RewardKind.layout``), and the director's order
listing everyone it rewards. Each returns PDF/A bytes made by ``common.pdf``."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string

from common.names import decline, person_sex
from common.pdf import html_to_pdf
from learners.models import (
    TERMS,
    Enrollment,
    Kinship,
    OrganisationKind,
    ProgrammeLevel,
    Sex,
    StudyGroup,
)
from learners.terms import current_terms, terms_for
from rewards.models import Layout, Origin
from rewards.models.rewards import GRANTED

# The headline each form prints (templates/rewards/pdf/<layout>.html).
TITLES = {
    Layout.CERTIFICATE: "ГРАМОТА",
    Layout.GRATITUDE: "БЛАГОДАРНОСТЬ",
    Layout.SHEET: "ПОХВАЛЬНЫЙ ЛИСТ",
    Layout.DIPLOMA: "ДИПЛОМ",
    Layout.LETTER: "БЛАГОДАРСТВЕННОЕ ПИСЬМО",
    Layout.NOTICE: "ВЫПИСКА ИЗ ПРИКАЗА",
}


@dataclass(frozen=True)
class Awardee:
    """A rewarded learner as a document names them: «обучающаяся 5А класса»."""

    name: str
    group: StudyGroup | None
    female: bool
    learner: object = None
    # The organisation's terms, given by a document that has read them already.
    words: dict | None = None

    @property
    def terms(self) -> dict:
        return self.words or current_terms()

    @property
    def learner_word(self) -> str:
        male, female = self.terms["learner_sex_forms"].split(",")
        return female if self.female else male

    @property
    def class_name(self) -> str:
        """«5А класса» for a class, «объединения «Робототехника»» for a club, «учебной
        группы «ОТ-12»» at a training company."""
        if self.group is None:
            return ""
        words = self.terms
        school = words is TERMS[OrganisationKind.SCHOOL]
        if school and self.group.programme.level in ProgrammeLevel.general():
            return f"{self.group.name} класса"
        if words is TERMS[OrganisationKind.TRAINING]:
            return f"{words['group_gen']} «{self.group.name}»"
        return f"объединения «{self.group.name}»"

    @property
    def described(self) -> str:
        if not self.class_name:
            return self.name
        return f"{self.name}, {self.learner_word} {self.class_name}"

    @property
    def described_accusative(self) -> str:
        """«Соколову Анну Павловну, обучающуюся 5А класса», as «Поощрить …» needs."""
        name = decline(self.learner or self.name, "accusative", sex="f" if self.female else "m")
        if not self.class_name:
            return name
        male, female = self.terms["learner_acc_sex_forms"].split(",")
        word = female if self.female else male
        return f"{name}, {word} {self.class_name}"

    @property
    def class_teacher(self):
        return self.group.class_teacher if self.group else None


def _fonts() -> str:
    return (settings.BASE_DIR / "static" / "fonts").as_uri()


def _classes(rewards) -> dict[int, StudyGroup]:
    """{reward id: the learner's class in the reward's year}, in one query. A reward
    printed years later names the class the learner was in when it was granted; a
    learner without an enrollment that year is named with their open one."""
    enrollments = defaultdict(list)
    for enrollment in Enrollment.objects.filter(
        learner_id__in={reward.learner_id for reward in rewards}
    ).select_related("group__programme", "group__class_teacher"):
        enrollments[enrollment.learner_id].append(enrollment)
    found = {}
    for reward in rewards:
        own = enrollments.get(reward.learner_id)
        if own:
            found[reward.pk] = min(own, key=lambda e: _class_rank(e, reward.year_id)).group
    return found


def _class_rank(enrollment: Enrollment, year_id: int) -> tuple:
    # The reward's year first, then a class before a club, an open enrollment before an
    # ended one, the latest started.
    return (
        enrollment.group.year_id != year_id,
        enrollment.group.programme.level not in ProgrammeLevel.general(),
        enrollment.ended_on is not None,
        -enrollment.started_on.toordinal(),
        -enrollment.pk,
    )


def _awardee(reward, group, words=None) -> Awardee:
    return Awardee(
        name=reward.learner.full_name,
        group=group,
        female=reward.learner.sex == Sex.FEMALE,
        learner=reward.learner,
        words=words,
    )


def reference(reward) -> str:
    """«Приказ от 30.10.2026 № 101-о», or where a reward from elsewhere was received."""
    if reward.origin == Origin.EXTERNAL:
        when = f", {reward.awarded_on:%d.%m.%Y}" if reward.awarded_on else ""
        return f"Получено в {reward.source_organisation}{when}"
    if reward.order_id:
        return f"Приказ от {reward.order.date:%d.%m.%Y} № {reward.order.number}"
    return ""


def greeting(guardianships) -> str:
    """«Уважаемая Елена Павловна!», «Уважаемые Елена Павловна и Олег Иванович!», or
    «Уважаемые родители!» for a learner without guardians on record."""
    rank = {value: index for index, value in enumerate(Kinship.values)}
    people = sorted(guardianships, key=lambda g: (rank.get(g.kinship, 99), g.pk))
    names = [_address_name(g.guardian) for g in people]
    if not names:
        return "Уважаемые родители!"
    if len(names) > 1:
        return f"Уважаемые {', '.join(names[:-1])} и {names[-1]}!"
    return f"{_dear(people[0])} {names[0]}!"


def _address_name(guardian) -> str:
    # By name and patronymic, as a letter addresses a person; the full name if the
    # record has no patronymic.
    if guardian.patronymic:
        return f"{guardian.first_name} {guardian.patronymic}"
    return guardian.full_name


def _dear(guardianship) -> str:
    # The kinship to this child first; else what the name tells (common.names).
    if guardianship.kinship == Kinship.MOTHER:
        return "Уважаемая"
    if guardianship.kinship == Kinship.FATHER:
        return "Уважаемый"
    sex = person_sex(guardianship.guardian)
    return {"f": "Уважаемая", "m": "Уважаемый"}.get(sex, "Уважаемый(-ая)")


def certificate_pdf(*, reward, organisation) -> bytes:
    """The certificate of a granted reward in the form of its kind. A nomination, a
    declined or rejected reward prints nothing: ``ValueError`` (views check first)."""
    if reward.status not in GRANTED:
        raise ValueError("Only a granted reward has a certificate.")
    words = terms_for(organisation)
    awardee = _awardee(reward, _classes([reward]).get(reward.pk), words)
    layout = reward.kind.layout
    context = {
        "organisation": organisation,
        "reward": reward,
        "kind": reward.kind,
        "awardee": awardee,
        "title": TITLES.get(layout, reward.kind.name.upper()),
        "reference": reference(reward),
        "ground": reward.get_ground_display(),
        "fonts": _fonts(),
        "terms": words,
    }
    if layout == Layout.LETTER:
        context["greeting"] = greeting(reward.learner.guardianships.select_related("guardian"))
        context["child"] = "дочери" if awardee.female else "сына"
        context["yours"] = "Ваша дочь" if awardee.female else "Ваш сын"
    template = f"rewards/pdf/{layout}.html" if layout in TITLES else "rewards/pdf/certificate.html"
    return html_to_pdf(render_to_string(template, context))


@dataclass(frozen=True)
class OrderRow:
    number: int
    awardee: Awardee
    reward: object

    @property
    def class_label(self) -> str:
        return self.awardee.group.name if self.awardee.group else ""


def order_rows(order, words=None) -> list[OrderRow]:
    """Everyone the order rewards, by class (grade, then name), then by name; two
    queries whatever the number of rows."""
    rewards = list(order.rewards.select_related("learner", "kind", "subject"))
    classes = _classes(rewards)

    def key(reward):
        group = classes.get(reward.pk)
        learner = reward.learner
        return (
            group is None,
            (group.grade, group.name) if group else (0, ""),
            learner.last_name,
            learner.first_name,
            learner.patronymic,
            reward.pk,
        )

    return [
        OrderRow(number=n, awardee=_awardee(r, classes.get(r.pk), words), reward=r)
        for n, r in enumerate(sorted(rewards, key=key), start=1)
    ]


def order_pdf(*, order, organisation) -> bytes:
    """The director's order «О поощрении обучающихся» with the list of the rewarded."""
    words = terms_for(organisation)
    html = render_to_string(
        "rewards/pdf/order.html",
        {
            "organisation": organisation,
            "order": order,
            "rows": order_rows(order, words),
            "fonts": _fonts(),
            "terms": words,
        },
    )
    return html_to_pdf(html)
