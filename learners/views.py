from functools import wraps

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from common.paging import paginate
from learners import selectors, services
from learners.access import (
    get_group_for_user,
    get_learner_for_user,
    has_role,
    is_customer_only,
    is_family,
    log,
    reads_group_statistics,
    represented_learners,
    result_learners,
    sees_whole_organisation,
    visible_enrollments,
)
from learners.customer.selectors import contract_groups
from learners.models import Enrollment, OrganisationKind, ProgrammeLevel, Role
from learners.navigation import start_pages
from learners.search import LearnerSearchForm, search_groups, search_learners
from learners.terms import current_kind, current_terms

# A club or a course may gather more learners than a class; a class fits one page.
ROSTER_PER_PAGE = 50
ENROLLMENTS_PER_PAGE = 20
SEARCH_PER_PAGE = 30


def role_required(*roles):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                # Logged with the user and the page by config.middleware.
                raise PermissionDenied("Эта страница не для вашей роли.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@login_required
def home(request):
    pages = start_pages(request.user)
    if not pages:
        log.warning("access refused: user=%s holds no role", request.user.pk)
        return render(request, "learners/no_role.html", status=403)
    return redirect(pages[0][0])


@role_required(Role.DEPUTY, Role.DIRECTOR, Role.CLERK)
def overview(request):
    """The organisation at a glance, with what waits for this user: the other apps'
    panels (figures, applications, nominations, periods, journals, the archive) come
    through common/panels.py, which learners reads without importing those apps."""
    year = selectors.current_year()
    groups = list(selectors.groups_overview(year=year))
    # A school's classes are groups of general education and its clubs stand apart;
    # a centre of additional education or a training company has only its own groups.
    general = ProgrammeLevel.general()
    if current_kind() != OrganisationKind.SCHOOL:
        general = {g.programme.level for g in groups}
    context = {
        "year": year,
        "classes": [g for g in groups if g.programme.level in general],
        "associations": [g for g in groups if g.programme.level not in general],
        "learner_total": selectors.enrolled_learner_count(year=year),
        "without_class_teacher": [g for g in groups if g.class_teacher_id is None],
        "uncovered": selectors.uncovered_curriculum(year=year),
    }
    return render(request, "learners/overview.html", context)


@role_required(Role.CLASS_TEACHER)
def my_class(request):
    """The class teacher's classes; their figures and what waits (proposals to
    confirm, learners who need attention) are other apps' panels."""
    year = selectors.current_year()
    groups = list(selectors.homeroom_groups(request.user, year=year))
    rosters = selectors.group_rosters(groups)
    journals = selectors.journal_links(request.user, groups)
    rows = [(group, rosters[group.pk], journals.get(group.pk, [])) for group in groups]
    return render(request, "learners/my_class.html", {"year": year, "groups": rows})


@role_required(Role.TEACHER)
def my_classes(request):
    """The teacher's load; each journal with what is missing is the journal's panel."""
    year = selectors.current_year()
    assignments = list(selectors.assignments_for_teacher(request.user, year=year))
    periods = selectors.current_periods(a.group.year_id for a in assignments)
    for assignment in assignments:
        assignment.journal_period = periods.get(assignment.group.year_id)
    return render(request, "learners/my_classes.html", {"year": year, "assignments": assignments})


@role_required(Role.PARENT)
def children(request):
    learners = selectors.learners_with_groups(request.user).filter(
        pk__in=represented_learners(request.user).values("pk")
    )
    return render(request, "learners/children.html", {"learners": learners})


@role_required(Role.LEARNER)
def me(request):
    learner = getattr(request.user, "learner", None)
    if learner is None:
        raise PermissionDenied(f"Учётная запись не связана {current_terms()['with_learner']}.")
    return learner_detail(request, learner.pk)


@role_required(Role.CUSTOMER)
def contracted(request):
    learners = selectors.learners_with_groups(
        request.user, enrollments=Enrollment.objects.filter(customer__users=request.user)
    )
    return render(
        request,
        "learners/contracted.html",
        {"learners": learners, "groups": contract_groups(request.user)},
    )


@login_required
def group_detail(request, pk):
    group = get_group_for_user(request.user, pk)
    roster = paginate(request, selectors.group_roster(group), per_page=ROSTER_PER_PAGE)
    subjects = group.assignments.select_related("teacher", "subject").order_by("subject__name")
    journals = {
        link.subject.pk: link
        for link in selectors.journal_links(request.user, [group]).get(group.pk, [])
    }
    subjects = [(a, journals.get(a.subject_id)) for a in subjects]
    shows_statistics = reads_group_statistics(request.user, group)
    return render(
        request,
        "learners/group_detail.html",
        {
            "group": group,
            "roster": roster,
            "assignments": subjects,
            "shows_statistics": shows_statistics,
        },
    )


@login_required
def learner_detail(request, pk):
    learner = get_learner_for_user(request.user, pk)
    enrollments = paginate(
        request,
        visible_enrollments(request.user, learner)
        .select_related("group", "group__year", "group__class_teacher", "programme", "customer")
        .order_by("-started_on", "-pk"),
        per_page=ENROLLMENTS_PER_PAGE,
    )
    is_staff_view = (
        sees_whole_organisation(request.user)
        or has_role(request.user, Role.TEACHER, Role.CLASS_TEACHER)
    ) and not is_family(request.user, learner.pk)
    # A paying customer sees results, not the family behind the learner.
    show_guardians = not is_customer_only(request.user)
    guardians = learner.guardianships.select_related("guardian").order_by("kinship")
    return render(
        request,
        "learners/learner_detail.html",
        {
            "learner": learner,
            "enrollments": enrollments,
            "guardianships": guardians if show_guardians else None,
            # The personal-file number and the guardians' phones are the office's:
            # a family, even one who also teaches, reads its own card as a family.
            "is_staff_view": is_staff_view,
            # The deputy and the clerk register a family's paper credit application.
            "registers_paper": has_role(request.user, Role.DEPUTY, Role.CLERK),
            # The diary and the portfolio are results: not for the clerk, the
            # administrator or a customer (R-SEC-1).
            "shows_results": result_learners(request.user).filter(pk=learner.pk).exists(),
        },
    )


@role_required(Role.DEPUTY, Role.DIRECTOR, Role.CLERK, Role.CLASS_TEACHER, Role.TEACHER)
def learner_search(request):
    """Find a learner by name, personal-file number or class among those the user sees
    (learners.access): the office the whole organisation, a teacher their learners."""
    year = selectors.current_year()
    form = LearnerSearchForm(request.GET or None, groups=search_groups(request.user, year=year))
    page = None
    if form.is_bound and form.is_valid() and form.has_criteria:
        page = paginate(
            request,
            search_learners(
                request.user, query=form.cleaned_data["q"], group=form.cleaned_data["group"]
            ),
            per_page=SEARCH_PER_PAGE,
        )
        classes = selectors.current_class_names([learner.pk for learner in page])
        for learner in page:
            learner.class_name = classes.get(learner.pk, "")
    return render(request, "learners/search.html", {"form": form, "page": page})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page with a limit on letters per address and per client."""

    def form_valid(self, form):
        from axes.helpers import get_client_ip_address

        try:
            services.password_reset_allow(
                email=form.cleaned_data["email"], client=get_client_ip_address(self.request)
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
