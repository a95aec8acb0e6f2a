"""The deputy director's and the director's side of credit transfer (R-CT-8): the list
of applications, overdue first, and a review page with the line-by-line checks, the
documents, the history and the workflow's next steps — the moves
credit_transfer.workflow offers this user. Every step calls the one transition
service; nothing here sets a status."""

from datetime import date

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from common.admin import ReadOnlyHistoryAdmin
from common.ids import id_or_404, parse_id
from credit_transfer import selectors, services, workflow
from credit_transfer.forms import (
    CommentForm,
    CouncilForm,
    ExemptionEndForm,
    OrderForm,
)
from credit_transfer.models import (
    OPEN_STATUSES,
    Application,
    ApplicationChange,
    CouncilDecision,
    Notification,
    Status,
)
from learners.access import has_role
from learners.models import Role
from learners.text import plural


class StatusListFilter(admin.SimpleListFilter):
    title = "статус"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("open", "Не решённые"),
            ("overdue", "Просрочен срок сообщить семье"),
            *[(s.value, s.label) for s in Status if s != Status.DRAFT],
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "open":
            return queryset.filter(status__in=OPEN_STATUSES)
        if value == "overdue":
            return queryset.filter(
                decision_notified_at__isnull=True, notify_by__lt=timezone.localdate()
            )
        if value:
            return queryset.filter(status=value)
        return queryset


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    # The deadline comes first: it is what the deputy sorts her day by.
    list_display = ["number_link", "deadline", "status_badge", "learner_in_group", "submitted"]
    list_filter = [StatusListFilter, "outcome", "ground", "is_paper"]
    search_fields = ["number", "learner__last_name", "applicant_name", "other_name"]
    list_select_related = ["learner", "group"]
    actions = ["take_into_review"]
    list_per_page = 50

    class Media:
        css = {"all": ["css/admin_credit.css"]}

    def get_queryset(self, request):
        return selectors.deputy_queue(
            selectors.applications_for(request.user).exclude(status=Status.DRAFT),
            today=timezone.localdate(),
        )

    def get_ordering(self, request):
        # Overdue first (selectors.deputy_queue annotates the urgency).
        return ["urgency", "notify_by", "submitted_at", "pk"]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        changelist.result_list = selectors.with_deadlines(
            changelist.result_list, today=timezone.localdate()
        )
        # The count under the list (templates/admin/pagination.html) in agreeing Russian.
        changelist.result_count_text = plural(
            changelist.result_count, "заявление", "заявления", "заявлений"
        )
        return changelist

    def has_review_permission(self, request):
        # Taking applications into review is the deputy's step; others only read here.
        return has_role(request.user, Role.DEPUTY)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="№", ordering="number")
    def number_link(self, obj):
        # The admin links the first column to the review page itself: a link of our
        # own here would nest <a> in <a>.
        return obj.number

    @admin.display(description="обучающийся", ordering="learner__last_name")
    def learner_in_group(self, obj):
        return f"{obj.learner.full_name}, {obj.group.name}"

    @admin.display(description="подано", ordering="submitted_at")
    def submitted(self, obj):
        return (
            timezone.localdate(obj.submitted_at).strftime("%d.%m.%Y") if obj.submitted_at else "—"
        )

    @admin.display(description="статус", ordering="status")
    def status_badge(self, obj):
        outcome = f" ({obj.get_outcome_display().lower()})" if obj.outcome else ""
        return f"{obj.get_status_display()}{outcome}"

    @admin.display(description="срок (5 рабочих дней)")
    def deadline(self, obj):
        found = getattr(obj, "deadline", None)
        if found is None or not found.text:
            return "—"
        return format_html('<span class="deadline-{}">{}</span>', found.state, found.text)

    @admin.action(description="Взять в работу выбранные поданные заявления", permissions=["review"])
    def take_into_review(self, request, queryset):
        taken, refused = 0, []
        for application in queryset.filter(status=Status.SUBMITTED):
            try:
                services.application_transition(
                    application=application, to=Status.UNDER_REVIEW, actor=request.user
                )
                taken += 1
            except (ValidationError, PermissionDenied) as error:
                refused.append(f"№ {application.number}: {'; '.join(_messages(error))}")
        if taken:
            self.message_user(
                request,
                f"Взято в работу: {plural(taken, 'заявление', 'заявления', 'заявлений')}.",
                messages.SUCCESS,
            )
        for text in refused:
            self.message_user(request, text, messages.ERROR)
        if not taken and not refused:
            self.message_user(request, "Среди выбранных нет поданных заявлений.", messages.WARNING)

    def get_urls(self):
        return [
            path(
                "<id:pk>/act/",
                self.admin_site.admin_view(require_POST(self.act_view)),
                name="credit_transfer_application_act",
            ),
            *super().get_urls(),
        ]

    def _application(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # The admin's own URL takes any text as the object id: «abc» names no application.
        pk = id_or_404(pk, message="Нет такого заявления.")
        return selectors.get_application_for_user(request.user, pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self._application(request, object_id)
        today = timezone.localdate()
        [application] = selectors.with_deadlines([application], today=today)
        lines = _review_lines(application)
        moves = workflow.review_page_moves(application, request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Заявление о зачёте № {application.number}",
            "application": application,
            "lines": lines,
            "undecided": [row for row in lines if isinstance(row["resolution"], str)],
            "attachments": list(application.attachments.all()),
            "history": list(selectors.history(application)),
            "notifications": list(application.notifications.order_by("created_at")),
            "documents": workflow.documents_of(application),
            "plain_moves": [m for m in moves if not m.form and not m.comment],
            "comment_moves": [m for m in moves if not m.form and m.comment],
            "form_moves": [m for m in moves if m.form],
            "council_needed": [
                row for row in lines if row["check"].needs_council and not row["check"].ineligible
            ],
            "council_choices": CouncilDecision.choices,
            "comment_form": CommentForm(),
            "council_form": CouncilForm(
                initial={
                    "protocol_number": application.council_protocol_number,
                    "protocol_date": application.council_protocol_date or today,
                }
            ),
            "order_form": OrderForm(initial={"order_date": today}),
            "end_form": ExemptionEndForm(initial={"returns_on": today}),
            "today": today,
            # The protocol is recorded by whoever may take the decision it leads to.
            "can_record_council": application.status == Status.WITH_COUNCIL
            and any(move.target == Status.DECIDED for move in moves),
        }
        return TemplateResponse(request, "credit_transfer/admin/review.html", context)

    def act_view(self, request, pk):
        application = self._application(request, pk)
        action = request.POST.get("action", "")
        version = parse_id(request.POST.get("version", ""), minimum=0)
        try:
            done = self._act(request, application, action, version)
        except (ValidationError, PermissionDenied) as error:
            for text in _messages(error):
                messages.error(request, text)
        else:
            messages.success(request, done)
        return redirect("admin:credit_transfer_application_change", application.pk)

    def _act(self, request, application, action, version) -> str:
        if action == "council":
            return _record_council(request, application, version)
        move = workflow.move_named(action)
        if move is None or move.page != workflow.ADMIN:
            raise ValidationError("Неизвестное действие.")
        services.application_transition(
            application=application,
            to=move.target,
            actor=request.user,
            version=version,
            **_move_details(request.POST, application, move),
        )
        if not move.done:
            # A step the family does not see yet: the history row's words say what happened.
            return f"{move.action}."
        application.refresh_from_db()
        return move.done.format(outcome=(application.get_outcome_display() or "").lower())


def _review_lines(application) -> list[dict]:
    """Each line with its checks, the class's teachers of it and what the rules make
    of it."""
    protocol = services.council_reference(application)
    checked = selectors.lines_with_checks(application)
    teachers = selectors.teachers_by_subject(
        application.group, [line.subject_id for line, _ in checked]
    )
    return [
        {
            "line": line,
            "check": check,
            "teachers": teachers.get(line.subject_id, []),
            "resolution": services.resolve_line(line, check, council_protocol=protocol),
        }
        for line, check in checked
    ]


def _record_council(request, application, version) -> str:
    post = request.POST
    form = CouncilForm(post)
    if not form.is_valid():
        raise ValidationError(_form_errors(form))
    services.council_record(
        application=application,
        protocol_number=form.cleaned_data["protocol_number"],
        protocol_date=form.cleaned_data["protocol_date"],
        decisions={line.pk: post.get(f"council_{line.pk}", "") for line in application.lines.all()},
        actor=request.user,
        version=version,
    )
    return "Решение педагогического совета записано."


# The forms of the moves whose partial asks for more than a comment.
MOVE_FORMS = {"order": OrderForm, "end_exemption": ExemptionEndForm}


def _move_details(post, application, move) -> dict:
    """What the review page's form of ``move`` gives the transition service."""
    details = {"comment": post.get("comment", "")}
    if move.name == "decide":
        details["decided_on"] = _date(post.get("decided_on", ""))
        details["decisions"] = {
            line.pk: {
                "credit": post.get(f"credit_{line.pk}", "1") != "0",
                "reason": post.get(f"reason_{line.pk}", ""),
            }
            for line in application.lines.all()
        }
    elif move.name in MOVE_FORMS:
        form = MOVE_FORMS[move.name](post)
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        details |= form.cleaned_data
    return details


def _date(value: str):
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError("Дата решения: укажите дату в формате ДД.ММ.ГГГГ.") from error


def _messages(error) -> list[str]:
    return error.messages if isinstance(error, ValidationError) else [str(error) or "Нет доступа."]


def _form_errors(form) -> list[str]:
    return [
        f"{form.fields[name].label}: {error}" if name in form.fields else error
        for name, errors in form.errors.items()
        for error in errors
    ]


@admin.register(ApplicationChange)
class ApplicationChangeAdmin(ReadOnlyHistoryAdmin):
    list_display = ["changed_at", "application", "action", "changed_by", "comment"]
    list_select_related = ["application__learner", "changed_by"]
    search_fields = ["application__number", "application__learner__last_name", "comment"]
    date_hierarchy = "changed_at"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["created_at", "application", "recipient", "subject", "sent_at", "error"]
    list_select_related = ["application__learner"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["application__number", "recipient"]
    date_hierarchy = "created_at"
