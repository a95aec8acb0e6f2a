"""The family's side of rewards (R-RW-5, 000 §5.1): a learner's rewards page, read by
whoever reads the learner's results, and the family's request to record a reward
received in another organisation, with its scans; the class teacher confirms or
refuses it on the reward's page."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from learners import selectors as learner_selectors
from learners.access import get_learner_results_for_user, is_family, refuse
from learners.models import AcademicYear
from learners.terms import current_terms
from rewards import services
from rewards.forms import RewardRequestForm
from rewards.selectors import reads_rewards, rewards_for_learner


def _year_of(day: date) -> AcademicYear | None:
    """The academic year the reward was received in; an older one than the school keeps
    counts in the current year."""
    held = AcademicYear.objects.filter(starts_on__lte=day, ends_on__gte=day).first()
    return held or learner_selectors.current_year()


@login_required
def learner_rewards(request, learner_id):
    if not reads_rewards(request.user):
        raise refuse(request.user, "learner_rewards", learner_id)
    learner = get_learner_results_for_user(request.user, learner_id)
    rewards = list(rewards_for_learner(request.user, learner).prefetch_related("evidence"))
    return render(
        request,
        "rewards/family_learner.html",
        {
            "learner": learner,
            "rewards": rewards,
            "family": is_family(request.user, learner.pk),
        },
    )


@login_required
def request(request, learner_id):
    # Only the family asks: staff (the deputy included) record rewards as nominations.
    if not is_family(request.user, learner_id):
        raise refuse(request.user, "reward_request", learner_id)
    learner = get_learner_results_for_user(request.user, learner_id)
    form = RewardRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        year = _year_of(data["awarded_on"])
        try:
            if year is None:
                raise ValidationError(
                    "В организации не задан учебный год: обратитесь в "
                    f"{current_terms()['organisation_acc']}."
                )
            services.reward_request(
                learner=learner,
                kind=data["kind"],
                ground=data["ground"],
                merit=data["merit"],
                source_organisation=data["source_organisation"],
                awarded_on=data["awarded_on"],
                year=year,
                uploads=data["files"],
                actor=request.user,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _messages(error))
        else:
            messages.success(
                request,
                f"Заявление отправлено {current_terms()['teacher_of_group_dat']}: "
                "после проверки документа "
                "поощрение появится в портфолио и дневнике.",
            )
            return redirect("rewards_learner", learner.pk)
    return render(request, "rewards/family_request.html", {"form": form, "learner": learner})


def _messages(error) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]
