"""Forms of the staff's reward pages: they validate what was typed; the services decide
who may do what (rewards/services.py)."""

from django import forms
from django.utils import timezone
from django.utils.functional import lazy

from achievements.models import Achievement, AchievementStatus
from achievements.portfolio.forms import MultipleFileField
from common.text import RefusesControlCharacters
from learners.models import StudyPeriod, Subject
from learners.terms import current_terms
from rewards.models import Ground, RewardKind

MERIT_MAX = 1000
COMMENT_MAX = 500


def _too_long(what: str) -> dict:
    return {"max_length": f"{what} — не длиннее %(limit_value)d символов (сейчас %(show_value)d)."}


def date_field(label: str, *, required_message: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=bool(required_message),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": required_message,
            "invalid": f"{label}: введите дату в формате ДД.ММ.ГГГГ.",
        },
    )


def ground_field(label: str, required_message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", "— выберите —"), *Ground.choices],
        error_messages={
            "required": required_message,
            "invalid_choice": "Выберите основание из списка.",
        },
    )


def merit_field(label: str, required_message: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MERIT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": required_message, **_too_long("Формулировка")},
    )


class OrderFields(forms.Form):
    """The number and date of the director's order, wherever a page approves by order."""

    number = forms.CharField(
        label="Номер приказа",
        required=False,
        max_length=50,
        error_messages=_too_long("Номер приказа"),
    )
    date = date_field("Дата приказа")


class LearnerChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, learner):
        return learner.full_name


class AchievementChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, achievement):
        return (
            f"{achievement.learner.short_name}: {achievement.title} ({achievement.date:%d.%m.%Y})"
        )


class KindChoice(forms.ModelChoiceField):
    def label_from_instance(self, kind):
        return f"{kind.name} (по предмету)" if kind.for_subject else kind.name


# Worded when shown, in the terms of the organisation's kind (R-ORG-6).
_termed = lazy(lambda text: text.format_map(current_terms()), str)


class NominationForm(RefusesControlCharacters, forms.Form):
    """Putting one learner or several forward (R-RW-3). ``learners``: whom the page
    offers (the class list, or the learners named in the address); ``kinds``: the active
    kinds the user may nominate at least one of them for."""

    learner = LearnerChoices(
        label=_termed("{Learners}"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _termed("Отметьте хотя бы одного {learner_gen}."),
            "invalid_choice": _termed("{Learner_gen} нет в списке этой страницы."),
            "invalid_pk_value": _termed("{Learner_gen} нет в списке этой страницы."),
        },
    )
    kind = KindChoice(
        label="Вид поощрения",
        queryset=None,
        empty_label="— выберите —",
        error_messages={
            "required": "Выберите вид поощрения.",
            "invalid_choice": "Этот вид поощрения недоступен: выберите из списка.",
        },
    )
    ground = ground_field("Основание", "Выберите основание поощрения.")
    merit = merit_field(
        "За что (формулировка для приказа и грамоты)",
        _termed("Напишите, за что поощряется {learner}."),
    )
    subject = forms.ModelChoiceField(
        label="Учебный предмет",
        queryset=Subject.objects.order_by("name"),
        required=False,
        empty_label="— не выбран —",
        help_text="Обязателен для похвальной грамоты «За особые успехи в изучении отдельных "
        "предметов» и других видов по предмету.",
        error_messages={"invalid_choice": "Выберите предмет из списка."},
    )
    period = forms.ModelChoiceField(
        label="Результаты учебного периода",
        queryset=StudyPeriod.objects.none(),
        required=False,
        empty_label="— итоги года / не указаны —",
        error_messages={"invalid_choice": "Выберите учебный период из списка."},
    )
    results_note = forms.CharField(
        label="Результаты, на которых основано представление",
        required=False,
        max_length=500,
        help_text="Например: «все годовые отметки „5“».",
        error_messages=_too_long("Описание результатов"),
    )
    achievements = AchievementChoices(
        label="Достижения из портфолио",
        queryset=Achievement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _termed("Достижение не из портфолио отмеченных {learners_gen}."),
            "invalid_pk_value": _termed("Достижение не из портфолио отмеченных {learners_gen}."),
        },
    )

    def __init__(self, *args, learners, kinds, year, own_achievements_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        # The candidates page sends the achievements of a whole batch: each learner
        # ticked keeps their own, the others' are left out rather than refused.
        self.own_achievements_only = own_achievements_only
        self.fields["learner"].queryset = learners
        self.fields["kind"].queryset = kinds
        self.fields["period"].queryset = StudyPeriod.objects.filter(year=year).order_by("starts_on")
        self.fields["achievements"].queryset = (
            Achievement.objects.filter(
                learner__in=learners.values("pk"), status=AchievementStatus.CONFIRMED
            )
            .select_related("learner")
            .order_by("learner__last_name", "learner__first_name", "-date", "pk")
        )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind is not None and kind.for_subject and not data.get("subject"):
            self.add_error("subject", f"Для вида «{kind}» выберите учебный предмет.")
        chosen = {learner.pk for learner in data.get("learner") or ()}
        linked = list(data.get("achievements") or ())
        foreign = [a for a in linked if a.learner_id not in chosen]
        if self.own_achievements_only:
            data["achievements"] = [a for a in linked if a.learner_id in chosen]
        elif chosen and foreign:
            self.add_error(
                "achievements",
                f"Достижения должны принадлежать отмеченным {current_terms()['learners_dat']}: "
                + ", ".join(f"{a.learner.short_name} — {a.title}" for a in foreign)
                + ".",
            )
        return data


class TransitionForm(RefusesControlCharacters, OrderFields):
    """One step of a reward's workflow from its page; the service checks the step."""

    to = forms.CharField(max_length=20, error_messages={"required": "Неизвестное действие."})
    comment = forms.CharField(
        label="Комментарий (при отказе — причина, её увидит тот, кто представил)",
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_too_long("Комментарий"),
    )
    on = date_field("Дата вручения")


class OrderForm(RefusesControlCharacters, OrderFields):
    """The director's order approving the nominations ticked on the pending page."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class DeclineForm(RefusesControlCharacters, forms.Form):
    comment = forms.CharField(
        label="Причина отказа",
        required=False,
        max_length=COMMENT_MAX,
        error_messages=_too_long("Причина отказа"),
    )


class RewardRequestForm(RefusesControlCharacters, forms.Form):
    """What the family tells about a reward received elsewhere (000 §5.1); the service
    checks the scans by content and who may ask."""

    kind = KindChoice(
        label="Вид поощрения",
        queryset=RewardKind.objects.filter(is_active=True),
        empty_label="— выберите —",
        error_messages={
            "required": "Выберите вид поощрения.",
            "invalid_choice": "Выберите вид поощрения из списка.",
        },
    )
    ground = ground_field("За какие успехи", "Выберите, за какие успехи получено поощрение.")
    merit = merit_field("За что (как написано в документе)", "Напишите, за что получено поощрение.")
    source_organisation = forms.CharField(
        label="Организация, которая наградила",
        max_length=300,
        help_text="Например: «Управление образования администрации города», «ДЮСШ № 2».",
        error_messages={
            "required": "Укажите организацию, где получено поощрение.",
            **_too_long("Название организации"),
        },
    )
    awarded_on = date_field("Дата награждения", required_message="Укажите дату награждения.")
    files = MultipleFileField(
        label="Скан или фото наградного документа",
        required=False,
        help_text="PDF, JPEG или PNG, до 10 МБ каждый; можно несколько файлов.",
    )

    def clean_awarded_on(self):
        value = self.cleaned_data["awarded_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("Дата награждения не может быть в будущем.")
        return value
