"""Rewards in use at the demo school, in 7А, the class of the demo family's son
(`uchenik`, class teacher `klassruk`, mother `roditel`, director `direktor`):

- the director's order granting a грамота for an olympiad win to `uchenik` (already
  handed out) and a похвальный лист to a classmate;
- two nominations by the class teacher still waiting for the director;
- `roditel`'s request to record a diploma from a sports school, with its scan,
  waiting for the class teacher.

Every step goes through rewards/services.py, so the history is what the product
itself writes; only the history's clock is set back afterwards, as the steps happened
on past days. Nothing is drawn at random: the same school gives the same rewards."""

import io
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from achievements.models import Achievement, AchievementLevel, AchievementResult, AchievementStatus
from learners.models import Enrollment, Learner
from rewards import services
from rewards.models import Ground, Reward, RewardChange, RewardKind, RewardStatus

__all__ = ["generate", "scan_pdf"]

ORDER_NUMBER = "57-о"
PLACED = (AchievementResult.WINNER, AchievementResult.PRIZE_WINNER)
HIGHER = (
    AchievementLevel.MUNICIPAL,
    AchievementLevel.REGIONAL,
    AchievementLevel.INTERREGIONAL,
    AchievementLevel.ALL_RUSSIAN,
    AchievementLevel.INTERNATIONAL,
)


def generate(*, today: date, seed: int = 17) -> dict[str, int]:
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["direktor", "klassruk", "roditel", "uchenik"]
    )}  # fmt: skip
    son = Learner.objects.filter(user__username="uchenik").first()
    if len(users) < 4 or son is None:
        return {"rewards": 0}
    enrollment = (
        Enrollment.objects.filter(learner=son, ended_on__isnull=True, group__name="7А")
        .select_related("group__year")
        .first()
    )
    classmates = list(
        Learner.objects.filter(
            enrollments__group=enrollment.group, enrollments__ended_on__isnull=True
        )
        .exclude(pk=son.pk)
        .order_by("last_name", "first_name", "pk")[:4]
    ) if enrollment else []  # fmt: skip
    if len(classmates) < 3:
        return {"rewards": 0}
    # The services refuse dates after the real today.
    today = min(today, timezone.localdate())
    year = enrollment.group.year
    kinds = {k.code: k for k in RewardKind.objects.all()}
    teacher, director = users["klassruk"], users["direktor"]
    nominated_on = max(year.starts_on, today - timedelta(days=21))
    order_on = max(nominated_on, today - timedelta(days=14))
    issued_on = max(order_on, today - timedelta(days=7))

    granted = _nominate(son, kinds["certificate"], teacher, year, olympiad=True)
    granted += _nominate(
        classmates[0], kinds["excellence_sheet"], teacher, year,
        merit="За отличные успехи в учении по итогам I четверти",
        results_note="все отметки за I четверть — «5»",
    )  # fmt: skip
    _backdate(granted, nominated_on)
    services.rewards_approve(rewards=granted, number=ORDER_NUMBER, on=order_on, actor=director)
    _backdate(granted, order_on)
    services.reward_transition(
        reward=granted[0], to=RewardStatus.ISSUED, on=issued_on, actor=teacher
    )
    _backdate(granted[:1], issued_on)

    pending = _nominate(
        classmates[1], kinds["gratitude"], teacher, year, ground=Ground.SOCIAL,
        merit="За активное участие в работе совета обучающихся и школьных акциях",
    )  # fmt: skip
    pending += _nominate(
        classmates[2], kinds["certificate"], teacher, year, ground=Ground.SPORT,
        merit="За I место в школьном первенстве по лёгкой атлетике",
    )  # fmt: skip
    _backdate(pending, today - timedelta(days=2))

    requested = services.reward_request(
        learner=son, kind=kinds["diploma"], ground=Ground.SPORT,
        merit="За II место в открытом первенстве города по плаванию",
        source_organisation="МБУ ДО «Детско-юношеская спортивная школа № 2»",
        awarded_on=today - timedelta(days=10), year=year,
        uploads=[SimpleUploadedFile("диплом ДЮСШ.pdf", scan_pdf(), "application/pdf")],
        actor=users["roditel"],
    )  # fmt: skip
    _backdate([requested], today - timedelta(days=1))
    return {"rewards": len(granted) + len(pending) + 1, "reward_orders": 1}


def _nominate(learner, kind, actor, year, *, olympiad=False, ground=Ground.STUDY, merit="",
              results_note="") -> list[Reward]:  # fmt: skip
    """One nomination; for an olympiad, on the learner's best placed result at municipal
    level or above, if the portfolio has one."""
    feats = []
    if olympiad:
        feat = (
            Achievement.objects.filter(
                learner=learner, status=AchievementStatus.CONFIRMED,
                category__code="olympiad", level__in=HIGHER, result__in=PLACED,
            )
            .order_by("-date", "pk")
            .first()
        )  # fmt: skip
        feats = [feat] if feat else []
        merit = (
            f"За {'победу' if feat.result == AchievementResult.WINNER else 'призовое место'} "
            f"в олимпиаде: {feat.title}"
            if feat
            else "За победу в муниципальном этапе всероссийской олимпиады школьников "
            "по русскому языку"
        )
    return services.reward_nominate(
        learners=[learner], kind=kind, ground=ground, merit=merit, year=year,
        achievements=feats, results_note=results_note, actor=actor,
    )  # fmt: skip


def _backdate(rewards, day: date) -> None:
    """The latest step of each reward's history happened on ``day``."""
    when = timezone.make_aware(datetime.combine(day, time(14, 30)))
    for reward in rewards:
        latest = RewardChange.objects.filter(reward=reward).order_by("-pk").first()
        RewardChange.objects.filter(pk=latest.pk).update(changed_at=when)


def scan_pdf() -> bytes:
    """A small PDF standing in for the scan of a sports school's diploma."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = settings.BASE_DIR / "static" / "fonts" / "DejaVuSans.ttf"
    title, body = ImageFont.truetype(str(font_path), 34), ImageFont.truetype(str(font_path), 16)
    image = Image.new("RGB", (600, 420), (250, 246, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 589, 409), outline=(150, 110, 40), width=6)
    draw.text((220, 60), "ДИПЛОМ", fill=(120, 30, 30), font=title)
    for index, line in enumerate([
        "II место в открытом первенстве города по плаванию",
        "награждается Соколов Михаил",
        "МБУ ДО «ДЮСШ № 2»",
        "Директор ____________",
    ]):  # fmt: skip
        draw.text((60, 150 + 40 * index), line, fill=(30, 30, 30), font=body)
    buffer = io.BytesIO()
    # Fixed dates: Pillow stamps the time of saving, and the demo must not vary by it.
    stamp = datetime(2026, 1, 1, 12, 0).timetuple()
    image.save(buffer, "PDF", resolution=100, creationDate=stamp, modDate=stamp)
    return buffer.getvalue()
