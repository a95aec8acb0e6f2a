from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from achievements.gifted import selectors, services
from achievements.gifted.forms import GiftedCreditForm
from common.paging import paginate
from learners import selectors as learner_selectors
from learners.access import get_learner_results_for_user, has_role, result_learners
from learners.models import Role


def _require_reader(user) -> None:
    # The deputy decides; the director sees what was decided.
    if not has_role(user, Role.DEPUTY, Role.DIRECTOR):
        raise PermissionDenied(
            "Зачёт достижений одарённых обучающихся ведёт заместитель директора."
        )


@login_required
def registered(request):
    """Learners in the register, each with the count of marks credited for them."""
    _require_reader(request.user)
    learners = result_learners(request.user).filter(is_gifted_registered=True)
    page = paginate(request, learners.order_by("last_name", "first_name", "patronymic", "pk"))
    ids = [learner.pk for learner in page.object_list]
    classes = learner_selectors.current_class_names(ids)
    counts = selectors.credit_counts(ids)
    return render(
        request,
        "achievements/gifted/registered.html",
        {
            "rows": [
                (learner, classes.get(learner.pk, ""), counts.get(learner.pk, 0))
                for learner in page.object_list
            ],
            "page": page,
        },
    )


@login_required
def credit(request, learner_id):
    _require_reader(request.user)
    learner = get_learner_results_for_user(request.user, learner_id)
    group = learner_selectors.current_group(learner)
    decides = has_role(request.user, Role.DEPUTY) and learner.is_gifted_registered
    form = None
    if decides and group is not None:
        form = GiftedCreditForm(request.POST or None, learner=learner, group=group)
        if request.method == "POST" and form.is_valid():
            try:
                mark = services.gifted_credit_record(
                    learner=learner, group=group, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"Зачтено: {mark.subject.name}, "
                    f"{mark.period.name if mark.period else 'годовая отметка'} — {mark.value}.",
                )
                return redirect("gifted_credit", learner.pk)
    elif request.method == "POST":
        raise PermissionDenied("Зачесть достижение может заместитель директора.")
    return render(
        request,
        "achievements/gifted/credit.html",
        {
            "learner": learner,
            "group": group,
            "form": form,
            "credits": selectors.gifted_credits(learner),
            "has_prizes": form is None or form.fields["achievement"].queryset.exists(),
        },
        status=400 if form is not None and form.is_bound else 200,
    )
