"""The staff's learner search (outside the admin site): by name, personal-file number
and class, within what learners.access lets the user see."""

from django import forms
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Replace

from common.text import RefusesControlCharacters
from learners.access import visible_groups, visible_learners
from learners.models import AcademicYear, Enrollment, StudyGroup
from learners.terms import current_terms

# More words than a full name and a number only slow the query down.
MAX_WORDS = 4
NAME_FIELDS = ("last_name", "first_name", "patronymic")


class NameAndClassFilter(RefusesControlCharacters, forms.Form):
    """Words of a name and a class out of those the page offers: the learner search and
    the gifted register filter their lists by it."""

    q_label = "Фамилия, имя или отчество"

    q = forms.CharField(
        max_length=100,
        required=False,
        widget=forms.SearchInput,
        error_messages={"max_length": "Запрос — не длиннее %(limit_value)d символов."},
    )
    group = forms.ModelChoiceField(
        label="Класс",
        queryset=StudyGroup.objects.none(),
        required=False,
        empty_label="Все классы",
        error_messages={"invalid_choice": "Такого класса нет в списке. Выберите класс из списка."},
    )

    def __init__(self, *args, groups: QuerySet[StudyGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = self.q_label
        self.fields["group"].queryset = groups
        terms = current_terms()
        self.fields["group"].label = terms["Group"]
        self.fields["group"].empty_label = terms["all_groups"]
        self.fields["group"].error_messages["invalid_choice"] = (
            f"{terms['no_such_group']}. Выберите {terms['group_acc']} из списка."
        )


class LearnerSearchForm(NameAndClassFilter):
    q_label = "Фамилия, имя, отчество или номер личного дела"

    @property
    def has_criteria(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("q", "").strip() or data.get("group"))


def search_groups(user, *, year: AcademicYear | None) -> QuerySet[StudyGroup]:
    """The classes the user may filter by: those of the year whose learners they see."""
    return (
        visible_groups(user).filter(year=year).order_by("programme__first_grade", "grade", "name")
    )


def _fold(text: str) -> str:
    # «Ё» is written as «Е» as often as not: a search for «Елкина» finds «Ёлкина».
    return text.replace("ё", "е").replace("Ё", "Е")


def _folded(field: str):
    return Replace(Replace(F(field), Value("ё"), Value("е")), Value("Ё"), Value("Е"))


def search_learners(user, *, query: str = "", group: StudyGroup | None = None):
    """The learners the user sees whose names or personal-file number contain every
    word of ``query`` (any case, «ё» as «е»), and who are now in ``group`` when it is
    given; one query to read, in any order of words («Иванова Мария», «Мария Иванова»).
    Case folding works on SQLite too: config/sqlite.py makes LIKE Unicode-aware."""
    learners = visible_learners(user).annotate(
        **{f"{name}_folded": _folded(name) for name in NAME_FIELDS}
    )
    if group is not None:
        learners = learners.filter(
            pk__in=Enrollment.objects.filter(group=group, ended_on__isnull=True).values(
                "learner_id"
            )
        )
    for word in query.split()[:MAX_WORDS]:
        condition = Q(personal_file_number__icontains=word)
        for name in NAME_FIELDS:
            condition |= Q(**{f"{name}_folded__icontains": _fold(word)})
        learners = learners.filter(condition)
    return learners.order_by("last_name", "first_name", "patronymic", "pk")
