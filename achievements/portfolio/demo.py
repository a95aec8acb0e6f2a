"""Portfolios in use for the demo school: achievements across the categories and
levels of the seeds, each with a small generated scan, some proposed by families
and waiting for the class teacher."""

import hashlib
import io
import random
import uuid
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from achievements.models import (
    Achievement,
    AchievementCategory,
    AchievementLevel,
    AchievementResult,
    AchievementStatus,
    AchievementStatusChange,
    Evidence,
    GtoBadge,
    OlympiadStage,
)
from learners.models import Enrollment, Guardianship, ProgrammeLevel

EVENTS = {
    "olympiad": [("Всероссийская олимпиада школьников по математике", "Математика"),
                 ("Всероссийская олимпиада школьников по русскому языку", "Русский язык"),
                 ("Всероссийская олимпиада школьников по биологии", "Биология"),
                 ("Олимпиада «Высшая проба» по истории", "История")],
    "contest": [("Конкурс чтецов «Живая классика»", "Литература"),
                ("Конкурс рисунков «Мир глазами детей»", "Изобразительное искусство")],
    "sport": [("Первенство города по лёгкой атлетике", "Физическая культура"),
              ("Турслёт школьников", "Физическая культура")],
    "gto": [("Выполнение нормативов комплекса ГТО", "Физическая культура")],
    "conference": [("Научно-практическая конференция «Шаг в будущее»", ""),
                   ("Фестиваль детского творчества", "")],
    "project": [("Индивидуальный проект «Экология родного края»", "Биология"),
                ("Исследование «Математика в архитектуре»", "Математика")],
    "creative_work": [("Фотовыставка «Осенний город»", "Искусство")],
    "self_government": [("Член совета обучающихся", "")],
    "volunteering": [("Акция «Чистый берег»", ""), ("Помощь приюту для животных", "")],
    "diagnostics": [("Независимая диагностика функциональной грамотности", "")],
}  # fmt: skip
YOUNG_EVENTS = ["contest", "sport", "conference", "creative_work"]
LEVEL_WEIGHTS = [
    (AchievementLevel.SCHOOL, 40), (AchievementLevel.MUNICIPAL, 30),
    (AchievementLevel.REGIONAL, 15), (AchievementLevel.INTERREGIONAL, 5),
    (AchievementLevel.ALL_RUSSIAN, 8), (AchievementLevel.INTERNATIONAL, 2),
]  # fmt: skip
STAGE_FOR_LEVEL = {
    AchievementLevel.SCHOOL: OlympiadStage.SCHOOL,
    AchievementLevel.MUNICIPAL: OlympiadStage.MUNICIPAL,
    AchievementLevel.REGIONAL: OlympiadStage.REGIONAL,
}


def scan_png(colour: tuple[int, int, int]) -> bytes:
    """A small image standing in for a scanned certificate."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 170), (250, 246, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle((6, 6, 233, 163), outline=colour, width=4)
    draw.text((20, 70), "DIPLOM", fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def generate(*, today: date, seed: int = 17) -> dict[str, int]:
    rng = random.Random(seed + 1)
    categories = {c.code: c for c in AchievementCategory.objects.all()}
    enrollments = list(
        Enrollment.objects.filter(
            ended_on__isnull=True, programme__level__in=ProgrammeLevel.general()
        )
        .select_related("group__class_teacher__user", "learner")
        .order_by("pk")
    )
    parents = {}
    for link in Guardianship.objects.select_related("guardian__user").order_by("kinship", "pk"):
        parents.setdefault(link.learner_id, link.guardian.user)
    achievements = []
    for e in enrollments:
        count = rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4])
        for _ in range(count):
            achievements.append(_achievement(rng, e, categories, parents, today=today))
    Achievement.objects.bulk_create(achievements, batch_size=1000)
    AchievementStatusChange.objects.bulk_create(
        [
            AchievementStatusChange(achievement=a, new_status=a.status, changed_by=a.created_by)
            for a in achievements
        ],
        batch_size=1000,
    )
    _evidence(rng, achievements)
    return {"achievements": len(achievements)}


def _achievement(rng, e, categories, parents, *, today) -> Achievement:
    """One entry of a learner now in a class: confirmed by the class teacher, or now
    and then proposed by a parent and waiting."""
    # Young pupils have contests, sport and festivals, not olympiads or councils.
    codes = list(EVENTS) if e.group.grade >= 4 else list(YOUNG_EVENTS)
    span = min(400, 60 + 365 * (e.group.grade - 1))  # days back: not before school
    levels, weights = zip(*LEVEL_WEIGHTS, strict=True)
    code = rng.choice(codes)
    title, area = rng.choice(EVENTS[code])
    level = rng.choices(levels, weights)[0]
    if e.group.grade <= 4 and level in (
        AchievementLevel.INTERREGIONAL,
        AchievementLevel.INTERNATIONAL,
    ):
        level = AchievementLevel.MUNICIPAL  # fmt: skip
    result = rng.choices(
        [AchievementResult.PARTICIPANT, AchievementResult.PRIZE_WINNER,
         AchievementResult.WINNER, AchievementResult.LAUREATE], [50, 25, 15, 10]
    )[0]  # fmt: skip
    proposed = rng.random() < 0.12 and e.learner_id in parents
    author = parents[e.learner_id] if proposed else e.group.class_teacher.user
    return Achievement(
        learner=e.learner, category=categories[code], title=title, level=level,
        result=result, subject_area=area,
        stage=STAGE_FOR_LEVEL.get(level, OlympiadStage.FINAL) if code == "olympiad" else "",
        badge=rng.choice(list(GtoBadge)) if code == "gto" else "",
        date=today - timedelta(days=rng.randrange(5, span)),
        organiser=rng.choice(["Управление образования", "Министерство образования области",
                              "МАОУ СОШ № 17", "Дворец детского творчества"]),
        status=AchievementStatus.PROPOSED if proposed else AchievementStatus.CONFIRMED,
        created_by=author,
    )  # fmt: skip


def _evidence(rng, achievements) -> None:
    """A scan for every entry. A few distinct scans are enough; drawing one per entry
    would double the run."""
    scans = [scan_png(tuple(rng.randrange(60, 200) for _ in range(3))) for _ in range(8)]
    evidence = []
    for a in achievements:
        content = rng.choice(scans)
        name = default_storage.save(
            f"evidence/{a.learner_id}/{uuid.uuid4().hex}.png", ContentFile(content)
        )
        evidence.append(
            Evidence(achievement=a, file=name, original_name="скан диплома.png",
                     content_type="image/png", size=len(content),
                     sha256=hashlib.sha256(content).hexdigest(), uploaded_by=a.created_by)
        )  # fmt: skip
    Evidence.objects.bulk_create(evidence, batch_size=1000)
