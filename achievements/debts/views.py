"""The deputy's pages of academic debts: the list, a debt's card with its retakes and
history, and the two forms on the card (a retake, the term). Teachers and class teachers
see the debts of their journals; the subject teacher records the first retake."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from achievements.debts import rules, selectors, services
from achievements.debts.forms import DebtAttemptForm, DebtDeadlineForm, DebtFilterForm
from achievements.models import DebtStatus
from common.paging import paginate
from learners.access import can_teach, has_role, visible_groups
from learners.models import Role

READERS = (Role.DEPUTY, Role.DIRECTOR, Role.TEACHER, Role.CLASS_TEACHER)


def _require_reader(user) -> None:
    if not has_role(user, *READERS):
        raise PermissionDenied("Академические задолженности ведут заместитель директора и учителя.")


@require_GET
@login_required
def debt_list(request):
    _require_reader(request.user)
    form = DebtFilterForm(
        request.GET or None, groups=visible_groups(request.user, results=True).values("pk")
    )
    page = paginate(request, selectors.debt_rows(request.user, **form.filters()))
    for debt in page.object_list:
        debt.label = selectors.mark_label(debt.mark)
        debt.both_used = debt.is_open and debt.attempt_count >= rules.MAX_ATTEMPTS
    return render(
        request,
        "achievements/debts/list.html",
        {"form": form, "page": page, "today": timezone.localdate()},
    )


def _may_record(user, debt) -> bool:
    # What the card offers; the service decides again on save.
    if not debt.is_open or len(debt.attempts.all()) >= rules.MAX_ATTEMPTS:
        return False
    if has_role(user, Role.DEPUTY):
        return True
    return not debt.attempts.all() and can_teach(user, group=debt.group, subject=debt.subject)


def _card(request, debt, *, attempt_form=None, deadline_form=None, status=200):
    records = _may_record(request.user, debt)
    sets_deadline = debt.is_open and has_role(request.user, Role.DEPUTY)
    if records and attempt_form is None:
        attempt_form = DebtAttemptForm(debt=debt)
    if sets_deadline and deadline_form is None:
        deadline_form = DebtDeadlineForm(initial={"deadline": debt.deadline})
    debt.label = selectors.mark_label(debt.mark)
    attempts = list(debt.attempts.all())
    return render(
        request,
        "achievements/debts/detail.html",
        {
            "debt": debt,
            "attempts": attempts,
            "next_number": len(attempts) + 1,
            "both_used": debt.is_open and len(attempts) >= rules.MAX_ATTEMPTS,
            "attempt_form": attempt_form if records else None,
            "deadline_form": deadline_form if sets_deadline else None,
            "limit": rules.legal_limit(debt.opened_on),
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_GET
@login_required
def debt_detail(request, pk):
    _require_reader(request.user)
    return _card(request, selectors.get_debt_for_user(request.user, pk))


@require_POST
@login_required
def debt_attempt(request, pk):
    _require_reader(request.user)
    debt = selectors.get_debt_for_user(request.user, pk)
    form = DebtAttemptForm(request.POST, debt=debt)
    if form.is_valid():
        try:
            attempt = services.debt_attempt_record(
                debt=debt, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            text = f"Пересдача № {attempt.number} записана: «{attempt.value}»."
            if attempt.debt.status == DebtStatus.CLOSED:
                text += " Задолженность ликвидирована, отметка аттестации исправлена."
            messages.success(request, text)
            return redirect("debt_detail", debt.pk)
    return _card(request, debt, attempt_form=form, status=400)


@require_POST
@login_required
def debt_deadline(request, pk):
    _require_reader(request.user)
    debt = selectors.get_debt_for_user(request.user, pk)
    form = DebtDeadlineForm(request.POST)
    if form.is_valid():
        try:
            services.debt_deadline_set(debt=debt, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Срок ликвидации: до {form.cleaned_data['deadline']:%d.%m.%Y}."
            )
            return redirect("debt_detail", debt.pk)
    return _card(request, debt, deadline_form=form, status=400)
