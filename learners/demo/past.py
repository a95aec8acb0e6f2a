"""The demo school's previous academic year: its classes and who was in them, so that
a learner's dynamics spans two years and the statistics of the first period can be
compared with the period before it (the last quarter of last year).

Every learner now in the second grade or higher was a year lower last year, in the
class with the same letter; the first graders were not at school yet. The classes
of last year have no teachers of their own in the demo: last year is on record only
through its marks, which achievements.demo.generate_past writes."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from learners.demo.roster import on_record
from learners.demo.school import create_year
from learners.models import AcademicYear, Enrollment, ProgrammeLevel, Role, StudyGroup


def build_previous_year(*, today: date) -> dict[str, int]:
    """Last year's classes and enrollments, after the current year is built. Returns
    the numbers of what it wrote."""
    current = AcademicYear.objects.filter(starts_on__lte=today).order_by("-starts_on").first()
    if current is None:
        return {"past_groups": 0, "past_enrollments": 0}
    starts = current.starts_on.replace(year=current.starts_on.year - 1)
    ends = current.ends_on.replace(year=current.ends_on.year - 1)
    past = create_year(starts, ends)
    deputy = get_user_model().objects.filter(groups__name=Role.DEPUTY.label).order_by("pk").first()
    # A learner who changed class this autumn came from the class of their first
    # enrollment of this year: that is the letter they had last year.
    first_enrollment: dict[int, Enrollment] = {}
    for enrollment in (
        Enrollment.objects.filter(
            group__year=current,
            group__grade__gte=2,
            group__programme__level__in=ProgrammeLevel.general(),
        )
        .select_related("group")
        .order_by("started_on", "pk")
    ):
        first_enrollment.setdefault(enrollment.learner_id, enrollment)
    programmes = {
        grade: programme
        for grade, programme in StudyGroup.objects.filter(year=current).values_list(
            "grade", "programme"
        )
    }
    groups: dict[str, StudyGroup] = {}
    for enrollment in first_enrollment.values():
        grade, name = _last_year(enrollment.group)
        if name not in groups:
            groups[name] = StudyGroup(
                year=past, programme_id=programmes[grade], grade=grade, name=name
            )
    StudyGroup.objects.bulk_create(sorted(groups.values(), key=lambda g: (g.grade, g.name)))
    closed_on = ends + timedelta(days=1)
    enrollments = [
        Enrollment(
            learner_id=enrollment.learner_id,
            group=(group := groups[_last_year(enrollment.group)[1]]),
            programme_id=group.programme_id,
            started_on=starts,
            ended_on=ends,
            order_reference=f"Приказ № {group.grade}-к от {starts:%d.%m.%Y}",
            end_reason="Переведён в следующий класс",
            opened_at=on_record(starts),
            opened_by=deputy,
            closed_at=on_record(closed_on),
            closed_by=deputy,
        )
        for enrollment in first_enrollment.values()
    ]
    Enrollment.objects.bulk_create(enrollments, batch_size=1000)
    return {"past_groups": len(groups), "past_enrollments": len(enrollments)}


def _last_year(group: StudyGroup) -> tuple[int, str]:
    """The grade and name of the class a learner of ``group`` was in last year: «7А» → «6А»."""
    grade = group.grade - 1
    return grade, f"{grade}{group.name.removeprefix(str(group.grade))}"
