from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.template.response import TemplateResponse

from common.admin import ReadOnlyHistoryAdmin
from learners import services
from learners.calendar import calendar_year_fill
from learners.forms import (
    EnrollmentAdminForm,
    LearnerAdminForm,
    StudyPeriodFormSet,
    StudyPeriodInlineForm,
    TransferForm,
)
from learners.models import (
    AcademicYear,
    CalendarDay,
    CalendarYear,
    CurriculumLine,
    Customer,
    Enrollment,
    GradingScale,
    Guardian,
    Guardianship,
    Learner,
    LearnerStatusChange,
    Organisation,
    Programme,
    ScaleValue,
    Staff,
    StateExamChoice,
    StudyGroup,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "kind", "inn", "director_name"]
    fieldsets = [
        (None, {"fields": ["kind", "full_name", "short_name", "logo"]}),
        ("Реквизиты", {"fields": ["inn", "kpp", "ogrn", "address", "phone", "email"]}),
        ("Руководитель", {"fields": ["director_title", "director_name"]}),
        (
            "Лицензия и аккредитация",
            {
                "fields": [
                    "licence_number",
                    "licence_date",
                    "accreditation_number",
                    "accreditation_date",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        # The organisation's requisites are one record: edit it, do not add another.
        return super().has_add_permission(request) and not Organisation.objects.exists()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "logo":
            # The admin shows a file field under a <legend>, which names no input.
            field.widget.attrs["aria-label"] = "Логотип"
        return field


class StudyPeriodInline(admin.TabularInline):
    model = StudyPeriod
    form = StudyPeriodInlineForm
    formset = StudyPeriodFormSet
    extra = 0


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "period_kind"]
    inlines = [StudyPeriodInline]

    def has_delete_permission(self, request, obj=None):
        # A year that has classes holds the record of their results: it is kept, never
        # deleted (and the confirmation page would list every lesson and mark of it).
        if obj is not None and obj.groups.exists():
            return False
        return super().has_delete_permission(request, obj)


class CurriculumLineInline(admin.TabularInline):
    model = CurriculumLine
    extra = 0
    autocomplete_fields = ["subject"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "study_form", "first_grade", "last_grade", "is_network"]
    list_filter = ["level", "study_form", "is_network", "uses_distance_learning"]
    search_fields = ["name"]
    inlines = [CurriculumLineInline]


class ScaleValueInline(admin.TabularInline):
    model = ScaleValue
    extra = 0


@admin.register(GradingScale)
class GradingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code"]
    list_filter = ["kind"]
    inlines = [ScaleValueInline]


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "subject_area", "grading_scale"]
    list_filter = ["kind", "grading_scale"]
    search_fields = ["name", "short_name"]


@admin.register(CurriculumLine)
class CurriculumLineAdmin(admin.ModelAdmin):
    list_display = ["programme", "grade", "subject", "hours", "is_state_exam_mandatory"]
    list_filter = ["programme", "grade", "is_state_exam_mandatory"]
    search_fields = ["subject__name", "programme__name"]
    list_select_related = ["programme", "subject"]


class TeachingAssignmentInline(admin.TabularInline):
    model = TeachingAssignment
    extra = 0
    autocomplete_fields = ["teacher", "subject"]


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    fields = ["learner", "started_on", "ended_on", "study_form", "end_reason"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StudyGroup)
class StudyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "programme", "class_teacher", "learner_count"]
    list_filter = ["year", "programme", "grade"]
    search_fields = ["name", "class_teacher__last_name"]
    autocomplete_fields = ["class_teacher"]
    list_select_related = ["year", "programme", "class_teacher"]
    inlines = [TeachingAssignmentInline, EnrollmentInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                learner_count=Count(
                    "enrollments", filter=Q(enrollments__ended_on__isnull=True), distinct=True
                )
            )
        )

    @admin.display(description="обучающихся", ordering="learner_count")
    def learner_count(self, obj):
        return obj.learner_count


class GuardianshipInline(admin.TabularInline):
    model = Guardianship
    extra = 0
    autocomplete_fields = ["guardian", "learner"]


class LearnerEnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    fields = ["group", "study_form", "customer", "started_on", "ended_on", "end_reason"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "история зачислений (перевод — действием в списке зачислений)"

    def has_add_permission(self, request, obj=None):
        return False


class CurrentGroupFilter(admin.SimpleListFilter):
    title = "класс (текущий)"
    parameter_name = "group"

    def lookups(self, request, model_admin):
        return [
            (g.pk, f"{g.name} ({g.year})")
            for g in StudyGroup.objects.select_related("year").order_by(
                "-year__starts_on", "grade", "name"
            )
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                enrollments__group_id=self.value(), enrollments__ended_on__isnull=True
            )
        return queryset


class StateExamChoiceInline(admin.TabularInline):
    model = StateExamChoice
    extra = 0
    autocomplete_fields = ["subject"]
    verbose_name_plural = (
        "предметы, выбранные для ГИА (такие не засчитываются из других организаций)"
    )


class LearnerStatusChangeInline(admin.TabularInline):
    model = LearnerStatusChange
    extra = 0
    fields = ["changed_at", "old_status", "new_status", "reason", "changed_by"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "история статуса (новый статус выбирается в разделе «Учёт» выше)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Learner)
class LearnerAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "birth_date",
        "personal_file_number",
        "status",
        "is_gifted_registered",
        "needs_special_conditions",
    ]
    list_filter = [
        CurrentGroupFilter,
        "status",
        "sex",
        "is_gifted_registered",
        "needs_special_conditions",
    ]
    search_fields = ["last_name", "first_name", "patronymic", "personal_file_number"]
    date_hierarchy = "birth_date"
    autocomplete_fields = ["user"]
    form = LearnerAdminForm
    inlines = [
        GuardianshipInline,
        LearnerEnrollmentInline,
        StateExamChoiceInline,
        LearnerStatusChangeInline,
    ]
    fieldsets = [
        (None, {"fields": ["last_name", "first_name", "patronymic", "birth_date", "sex"]}),
        ("Учёт", {"fields": ["personal_file_number", "status", "user"]}),
        ("Особые условия", {"fields": ["is_gifted_registered", "needs_special_conditions"]}),
    ]

    @admin.display(description="ФИО", ordering="last_name")
    def full_name(self, obj):
        return obj.full_name

    def get_readonly_fields(self, request, obj=None):
        # A new learner's status is part of creating them; after that it changes only
        # with its grounds, through the service that keeps the history.
        shown = super().get_readonly_fields(request, obj)
        return shown if obj is None else [*shown, "status"]

    def get_fieldsets(self, request, obj=None):
        if obj is None or not self.has_change_permission(request, obj):
            return self.fieldsets
        status_change = ("Смена статуса", {"fields": ["new_status", "status_reason"]})
        return [*self.fieldsets[:2], status_change, *self.fieldsets[2:]]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        status = form.cleaned_data.get("new_status")
        if change and status:
            # The form ran the service's checks; what could still refuse here is a
            # status someone else changed meanwhile, and the admin's transaction
            # then rolls the whole save back.
            services.learner_status_change(
                learner=obj,
                status=status,
                reason=form.cleaned_data["status_reason"],
                actor=request.user,
            )


@admin.register(LearnerStatusChange)
class LearnerStatusChangeAdmin(ReadOnlyHistoryAdmin):
    list_display = ["changed_at", "learner", "old_status", "new_status", "reason", "changed_by"]
    list_filter = ["new_status", "changed_at"]
    search_fields = [
        "learner__last_name",
        "learner__first_name",
        "learner__personal_file_number",
        "reason",
    ]
    list_select_related = ["learner", "changed_by"]


@admin.register(Guardian)
class GuardianAdmin(admin.ModelAdmin):
    list_display = ["full_name", "phone", "user"]
    search_fields = ["last_name", "first_name", "patronymic", "phone", "user__username"]
    autocomplete_fields = ["user"]
    inlines = [GuardianshipInline]
    list_select_related = ["user"]

    @admin.display(description="ФИО", ordering="last_name")
    def full_name(self, obj):
        return obj.full_name


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "is_active", "user"]
    list_filter = ["is_active", "position"]
    search_fields = ["last_name", "first_name", "patronymic", "position", "user__username"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]

    @admin.display(description="ФИО", ordering="last_name")
    def full_name(self, obj):
        return obj.full_name


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "inn"]
    search_fields = ["name", "inn"]
    filter_horizontal = ["users"]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["learner", "group", "programme", "study_form", "started_on", "ended_on"]
    list_filter = [
        "group__year",
        "programme",
        "study_form",
        ("ended_on", admin.EmptyFieldListFilter),
    ]
    search_fields = ["learner__last_name", "learner__first_name", "group__name"]
    autocomplete_fields = ["learner", "group", "customer"]
    list_select_related = ["learner", "group", "programme"]
    form = EnrollmentAdminForm
    readonly_fields = ["programme"]
    # Who opened and who closed the enrollment: written by the services, shown only.
    record_fields = ["opened_at", "opened_by", "closed_at", "closed_by"]

    actions = ["transfer"]

    @admin.action(description="Перевести в другой класс (группу)", permissions=["change"])
    def transfer(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, "Выберите одно текущее зачисление для перевода.", messages.ERROR
            )
            return None
        enrollment = queryset.select_related("learner", "group").get()
        form = TransferForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                created = services.enrollment_transfer(
                    enrollment=enrollment,
                    to_group=form.cleaned_data["to_group"],
                    on=form.cleaned_data["on"],
                    reason=form.cleaned_data["reason"],
                    order_reference=form.cleaned_data["order_reference"],
                    study_form=form.cleaned_data["study_form"] or None,
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    f"{created.learner.full_name} переведён(а) в {created.group} "
                    f"с {created.started_on:%d.%m.%Y}.",
                    messages.SUCCESS,
                )
                return None
        return TemplateResponse(
            request,
            "admin/learners/enrollment/transfer.html",
            {
                **self.admin_site.each_context(request),
                "title": "Перевод в другой класс",
                "opts": self.model._meta,
                "enrollment": enrollment,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def has_delete_permission(self, request, obj=None):
        # Enrollment history is a ground for credit transfer (000 §3.4): close, never delete.
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # A saved enrollment changes only by a transfer, which keeps both rows.
        return [
            "learner",
            "group",
            "programme",
            "study_form",
            "customer",
            "started_on",
            "ended_on",
            "end_reason",
            *self.record_fields,
        ]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["order_reference"])
            return
        # The form has already checked the database constraints (one active
        # enrollment per programme), so the service's refusals are only races.
        created = services.enrollment_open(
            learner=obj.learner,
            group=obj.group,
            started_on=obj.started_on,
            study_form=obj.study_form,
            customer=obj.customer,
            order_reference=obj.order_reference,
            actor=request.user,
        )
        obj.pk = created.pk


@admin.register(TeachingAssignment)
class TeachingAssignmentAdmin(admin.ModelAdmin):
    list_display = ["teacher", "subject", "group"]
    list_filter = ["group__year", "subject", "group"]
    search_fields = ["teacher__last_name", "subject__name", "group__name"]
    autocomplete_fields = ["teacher", "subject", "group"]
    list_select_related = ["teacher", "subject", "group"]


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0
    fields = ["day", "kind", "name"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """A new year is filled from the production calendar the ``holidays`` package
    knows; the deputy then corrects it when a decree moves a day off."""

    list_display = ["year", "special_days", "filled_at"]
    inlines = [CalendarDayInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(day_count=Count("days"))

    @admin.display(description="особых дней", ordering="day_count")
    def special_days(self, obj):
        return obj.day_count

    def get_inlines(self, request, obj):
        # On the add page only the year is asked for; its days are filled on save.
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        filled = calendar_year_fill(year=obj.year)
        obj.pk, obj.filled_at = filled.pk, filled.filled_at
        messages.info(
            request,
            f"Календарь на {obj.year} год заполнен по производственному календарю: "
            "проверьте переносы выходных.",
        )


# The consents' register lives in its own module; importing it registers it.
from learners import consent_admin  # noqa: E402, F401
