from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from achievements.events.selectors import keeps_events
from achievements.models import AchievementCategory, AchievementStatus
from achievements.portfolio import drafts, exports, selectors, services
from achievements.portfolio.forms import (
    AchievementForm,
    DecisionForm,
    EvidenceForm,
    GiftedFilter,
    PortfolioFilter,
)
from common.downloads import logged_download, stored_download
from common.files import OFFICE_TYPES, describe
from common.forms import error_texts
from common.paging import paginate
from learners import selectors as learner_selectors
from learners.access import (
    family_learners,
    get_group_for_user,
    get_learner_results_for_user,
    has_role,
    is_family,
    keeps_portfolio,
    refuse,
    staff_id_of,
)
from learners.models import Role
from learners.search import search_groups, search_learners


def _readable_learner(user, pk):
    if not selectors.reads_portfolios(user):
        raise refuse(user, "portfolio", pk)
    return get_learner_results_for_user(user, pk)


@login_required
def index(request):
    """Families go to their children's portfolios, staff to their classes'."""
    year = learner_selectors.current_year()
    groups = selectors.portfolio_groups(request.user, year=year)
    # distinct: the join through guardianships repeats a learner once per guardian.
    children = learner_selectors.learners_with_groups(request.user).filter(
        pk__in=family_learners(request.user).values("pk")
    )
    if not groups and not children:
        raise PermissionDenied("Портфолио доступно классным руководителям, учителям и семьям.")
    if not groups and children.count() == 1:
        return redirect("portfolio_learner", children.first().pk)
    return render(
        request,
        "achievements/portfolio/index.html",
        {
            "groups": groups,
            "children": children,
            "is_deputy": has_role(request.user, Role.DEPUTY),
        },
    )


@login_required
def learner_portfolio(request, learner_id):
    learner = _readable_learner(request.user, learner_id)
    filters = PortfolioFilter(request.GET or None)
    achievements = list(
        filters.apply(selectors.achievements_for(request.user, learner)).order_by("-date")
    )
    return render(
        request,
        "achievements/portfolio/learner.html",
        {
            "learner": learner,
            "filters": filters,
            "achievements": achievements,
            "keeper": keeps_portfolio(request.user, learner.pk),
            "family": is_family(request.user, learner.pk),
        },
    )


@login_required
def achievement_new(request, learner_id):
    learner = _readable_learner(request.user, learner_id)
    keeper = keeps_portfolio(request.user, learner.pk)
    if not (keeper or is_family(request.user, learner.pk)):
        raise refuse(request.user, "portfolio_new", learner_id)
    # Files kept from an earlier try: all that the page showed, and those still ticked.
    shown = drafts.drafts_read(tokens=request.POST.getlist("drafts"), user=request.user)
    ticked = set(request.POST.getlist("kept"))
    kept = [f for f in shown if f.token in ticked]
    form = AchievementForm(
        request.POST or None, request.FILES or None, files_required=not keeper and not kept
    )
    if request.method == "POST":
        drafts.drafts_discard(files=[f for f in shown if f.token not in ticked])
        new_files = request.FILES.getlist("files")
        if form.is_valid():
            try:
                achievement = services.achievement_create(
                    learner=learner,
                    fields=form.model_fields(),
                    uploads=[*(f.upload() for f in kept), *form.cleaned_data["files"]],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                drafts.drafts_discard(files=kept)
                messages.success(
                    request,
                    "Достижение внесено в портфолио."
                    if achievement.status == AchievementStatus.CONFIRMED
                    else "Запись отправлена классному руководителю на подтверждение.",
                )
                return redirect("portfolio_achievement", achievement.pk)
        # Before a category is chosen a work's file is kept too: the service decides.
        category = form.cleaned_data.get("category")
        added, problems = drafts.drafts_keep(
            uploads=[f for f in new_files if f.size],
            user=request.user,
            works=category is None or category.is_work,
        )
        kept += added
        # The service may have said it already (a bad file among good ones).
        said = {*form.errors.get("files", []), *form.non_field_errors()}
        for problem in problems:
            if problem not in said:
                form.add_error("files", problem)
    return render(
        request,
        "achievements/portfolio/achievement_form.html",
        {
            "form": form,
            "learner": learner,
            "keeper": keeper,
            "kept": kept,
            "categories": AchievementCategory.objects.all(),
        },
    )


@login_required
def achievement_detail(request, achievement_id):
    achievement = selectors.get_achievement_for_user(request.user, achievement_id)
    keeper = keeps_portfolio(request.user, achievement.learner_id)
    family = is_family(request.user, achievement.learner_id)
    moves = services.allowed_moves(achievement, request.user)
    return render(
        request,
        "achievements/portfolio/achievement.html",
        {
            "achievement": achievement,
            "keeper": keeper,
            "family": family,
            "moves": moves,
            "takes_comment": any(move.takes_comment for move in moves),
            "decision_notes": [
                move.note.format(comment=achievement.status_comment) for move in moves if move.note
            ],
            "decision": DecisionForm(),
            "history": selectors.history(achievement),
            # Checksums help the staff match a scan with its copy; a family needs none.
            "shows_checksums": not family and (keeper or has_role(request.user, Role.DEPUTY)),
            # A scan opens in the browser; a work's document is downloaded, named by what
            # it is («презентация, PPTX, 1,2 МБ»).
            "evidence": [
                (item, describe(item.content_type, item.size), item.content_type in OFFICE_TYPES)
                for item in achievement.evidence.all()
            ],
            "evidence_form": EvidenceForm(works=achievement.category.is_work),
            "can_add_evidence": keeper
            or (family and achievement.status != AchievementStatus.CONFIRMED),
            "event_link": keeps_events(request.user),
        },
    )


@require_POST
@login_required
def achievement_decide(request, achievement_id):
    achievement = selectors.get_achievement_for_user(request.user, achievement_id)
    form = DecisionForm(request.POST)
    target = request.POST.get("to")
    if target not in AchievementStatus.values:
        messages.error(request, "Неизвестное действие.")
        return redirect("portfolio_achievement", achievement.pk)
    if not form.is_valid():
        # Say what is wrong with what was typed (a comment too long), not «unknown action».
        for text in error_texts(form, labels=False):
            messages.error(request, text)
        return redirect("portfolio_achievement", achievement.pk)
    try:
        services.achievement_transition(
            achievement=achievement,
            to=target,
            comment=form.cleaned_data["comment"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, f"Статус: {AchievementStatus(target).label.lower()}.")
    return redirect("portfolio_achievement", achievement.pk)


@require_POST
@login_required
def evidence_upload(request, achievement_id):
    achievement = selectors.get_achievement_for_user(request.user, achievement_id)
    services.refuse_evidence(achievement=achievement, actor=request.user)
    form = EvidenceForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            # The field's own words («Отправленный файл пуст.»): a file was chosen.
            raise ValidationError(error_texts(form, labels=False))
        added = services.evidence_add(
            achievement=achievement, uploads=form.cleaned_data["files"], actor=request.user
        )
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, f"Добавлено документов: {len(added)}.")
    return redirect("portfolio_achievement", achievement.pk)


@login_required
def evidence_download(request, evidence_id):
    evidence = selectors.get_evidence_for_user(request.user, evidence_id)
    return stored_download(
        user=request.user,
        stored=evidence,
        kind="evidence",
        as_attachment=request.GET.get("download") == "1",
    )


@login_required
def learner_pdf(request, learner_id):
    learner = _readable_learner(request.user, learner_id)
    achievements = selectors.achievements_for(request.user, learner).filter(
        status=AchievementStatus.CONFIRMED
    )
    content = exports.learner_portfolio_pdf(
        learner=learner,
        achievements=list(achievements),
        organisation=learner_selectors.organisation(),
        group=learner_selectors.current_group(learner),
    )
    return logged_download(
        user=request.user,
        content=content,
        content_type="application/pdf",
        # The learner's name, not the personal-file number: the family downloads it too.
        filename=f"Портфолио {learner.full_name}.pdf",
        kind="portfolio_pdf",
        subject=learner,
    )


@login_required
def group_portfolio(request, group_id):
    if not selectors.reads_portfolios(request.user):
        raise refuse(request.user, "portfolio_group", group_id)
    group = get_group_for_user(request.user, group_id, results=True)
    filters = PortfolioFilter(request.GET or None)
    achievements = filters.apply(selectors.group_achievements(request.user, group))
    if request.GET.get("format") == "xlsx":
        return logged_download(
            user=request.user,
            content=exports.group_portfolio_xlsx(group=group, achievements=achievements),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=f"Портфолио {group.name}.xlsx",
            kind="group_portfolio_xlsx",
            subject=group,
        )
    achievements = list(achievements)
    return render(
        request,
        "achievements/portfolio/group.html",
        {
            "group": group,
            "filters": filters,
            "achievements": achievements,
            "pending": [a for a in achievements if a.status == AchievementStatus.PROPOSED],
            "roster": learner_selectors.group_roster(group),
            "keeper": has_role(request.user, Role.DEPUTY)
            or (
                group.class_teacher_id is not None
                and group.class_teacher_id == staff_id_of(request.user)
            ),
        },
    )


@login_required
def gifted(request):
    if not has_role(request.user, Role.DEPUTY, Role.DIRECTOR):
        raise PermissionDenied("Список готовит заместитель директора.")
    groups = search_groups(request.user, year=learner_selectors.current_year())
    filters = GiftedFilter(request.GET or None, groups=groups)
    candidates = selectors.gifted_candidates()
    if filters.is_valid():
        query, group = filters.cleaned_data["q"].strip(), filters.cleaned_data["group"]
        if query or group:
            found = search_learners(request.user, query=query, group=group)
            candidates = candidates.filter(pk__in=found.values("pk"))
    page = paginate(request, candidates)
    classes = learner_selectors.current_class_names([learner.pk for learner in page.object_list])
    return render(
        request,
        "achievements/portfolio/gifted.html",
        {
            "rows": [(learner, classes.get(learner.pk, "")) for learner in page.object_list],
            "page": page,
            "filters": filters,
            "filtered": filters.is_valid() and any(filters.cleaned_data.values()),
        },
    )
