"""The form's lines as the family fills them in (htmx): one more line, the subjects of
the chosen learner's curriculum, and the eligibility checks of a line before signing."""

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.ids import parse_id
from credit_transfer import selectors
from credit_transfer.forms import (
    MAX_LINES,
    YEAR_TARGET,
    LineForm,
    LineFormSet,
)
from credit_transfer.views.form import REGISTRARS, _checks_for, _group_of, _offered_subjects
from learners import selectors as learner_selectors
from learners.access import (
    has_role,
    represented_learners,
    visible_learners,
)
from learners.models import Subject


@require_GET
@login_required
def line_form(request):
    """One more empty line of the form, for htmx: the index comes from the form's
    own TOTAL_FORMS counter, which the answer updates out of band."""
    index = parse_id(request.GET.get("lines-TOTAL_FORMS", "0"), minimum=0)
    if index is None:
        return _bad_request("не указано число строк заявления")
    if index >= MAX_LINES:
        return _bad_request(f"в заявлении не больше {MAX_LINES} предметов")
    learner = _applicable_learner(request.user, request.GET.get("learner", ""))
    group = learner_selectors.current_group(learner) if learner is not None else None
    formset = LineFormSet(
        prefix="lines",
        subjects=selectors.curriculum_subjects([group]) if group else Subject.objects.none(),
    )
    return render(
        request,
        "credit_transfer/_line_added.html",
        {
            "line": formset._construct_form(
                index, empty_permitted=True, **formset.get_form_kwargs(index)
            ),
            "total": index + 1,
        },
    )


def _applicable_learner(user, raw: str):
    """The learner an application form is for, if the user may apply for them: the
    family for its children, the office for any learner (a paper application)."""
    number = parse_id(raw)
    if number is None:
        return None
    learners = visible_learners(user) if has_role(user, *REGISTRARS) else represented_learners(user)
    return learners.filter(pk=number).first()


@require_GET
@login_required
def line_checks(request):
    """The checks of one line of the form as the family fills it in (htmx): the
    same rules the decision applies, shown before signing."""
    prefix = request.GET.get("prefix", "")
    if not re.fullmatch(r"lines-\d{1,2}", prefix):
        return _bad_request("не указана строка заявления")
    learner = _applicable_learner(request.user, request.GET.get("learner", ""))
    if learner is None:
        return HttpResponse("")
    application = None
    number = parse_id(request.GET.get("application", ""))
    if number is not None:
        application = selectors.applications_for(request.user).filter(pk=number).first()
    group = _group_of(application, learner)
    subjects = selectors.curriculum_subjects([group]) if group else Subject.objects.none()
    line = LineForm(request.GET, prefix=prefix, subjects=subjects)
    line.is_valid()
    values = dict(line.cleaned_data)
    if values.get("subject") is None:
        number = parse_id(request.GET.get(f"{prefix}-subject", ""))
        values["subject"] = Subject.objects.filter(pk=number).first() if number else None
    target = request.GET.get("target", "")
    period_id = parse_id(target) if target not in ("", YEAR_TARGET) else None
    found = _checks_for(
        learner=learner,
        group=group,
        period_id=period_id,
        lines=[(prefix, values if values.get("subject") is not None else None)],
    )
    return render(
        request,
        "credit_transfer/_checks.html",
        {"check": found.get(prefix), "show_verdict": True},
    )


@require_GET
@login_required
def line_subjects(request):
    """The lines' subject lists again when the family picks another child: each line
    offers that child's curriculum, and a subject outside it is dropped, saying so."""
    total = parse_id(request.GET.get("lines-TOTAL_FORMS", ""), minimum=0)
    if total is None or total > MAX_LINES:
        return _bad_request("не указано число строк заявления")
    learners = list(represented_learners(request.user))
    chosen = _applicable_learner(request.user, request.GET.get("learner", ""))
    subjects = _offered_subjects(None, learners, {"learner": str(chosen.pk)} if chosen else None)
    offered = {subject.pk: subject for subject in subjects}
    typed = [parse_id(request.GET.get(f"lines-{index}-subject", "")) for index in range(total)]
    # One read for the names of every subject the new child's plan lacks.
    dropped = dict(
        Subject.objects.filter(
            pk__in={pk for pk in typed if pk not in offered} - {None}
        ).values_list("pk", "name")
    )
    lines = []
    for index, pk in enumerate(typed):
        line = LineForm(prefix=f"lines-{index}", subjects=subjects)
        # The list read once above, not once a line.
        field = line.fields["subject"]
        field.choices = [("", field.empty_label), *((s.pk, s.name) for s in offered.values())]
        if pk in offered:
            line.initial["subject"] = pk
        line.dropped = dropped.get(pk)
        lines.append(line)
    return render(request, "credit_transfer/_line_subjects.html", {"lines": lines})


def _bad_request(what: str) -> HttpResponse:
    return HttpResponse(
        f"Неверный запрос: {what}.", status=400, content_type="text/plain; charset=utf-8"
    )
