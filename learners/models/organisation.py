"""The organisation: its kind, the terms its documents use, its requisites."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", "Общеобразовательная организация"
    ADDITIONAL = "additional", "Организация дополнительного образования"
    TRAINING = "training", "Организация, осуществляющая обучение (ДПО, профобучение)"


# Terms the interface and documents use for each kind of organisation (R-ORG-6): the one
# place every page, message, PDF and XLSX takes them from (learners/terms.py). The forms
# are spelt out rather than declined by rule, because the three kinds differ in gender
# (класс, объединение, учебная группа) and Russian agreement follows it.
TERMS = {
    OrganisationKind.SCHOOL: {
        "learner": "обучающийся",
        "Learner": "Обучающийся",
        "learners": "обучающиеся",
        "Learners": "Обучающиеся",
        "learner_gen": "обучающегося",
        "learners_gen": "обучающихся",
        "Learners_gen": "Обучающихся",
        "group": "класс",
        "Group": "Класс",
        "groups": "классы",
        "Groups": "Классы",
        "group_gen": "класса",
        "groups_gen": "классов",
        "Groups_gen": "Классов",
        "group_acc": "класс",
        "group_prep": "классе",
        "groups_dat": "классам",
        "in_no_group": "ни в один класс",
        "not_final_group": "не выпускной класс",
        "with_learner": "с обучающимся",
        "documents_book": "Книга выдачи аттестатов",
        "parallel": "{grade}-е классы",
        "teacher_of_group_gen": "классного руководителя",
        "learner_forms": "обучающийся,обучающихся,обучающихся",
        "learner_dat_forms": "обучающемуся,обучающимся,обучающимся",
        "group_forms": "класс,класса,классов",
        "no_such_group": "Такого класса нет в списке",
        "all_groups": "Все классы",
        "my_group": "Мой класс",
        "my_groups": "Мои классы",
        "teacher": "учитель",
        "teacher_gen": "учителя",
        "Teacher": "Учитель",
        "teachers": "учителя",
        "Teachers": "Учителя",
        "teacher_of_group": "классный руководитель",
        "Teacher_of_group": "Классный руководитель",
        "teacher_of_group_ins": "классным руководителем",
        "document": "аттестат",
    },
    OrganisationKind.ADDITIONAL: {
        "learner": "учащийся",
        "Learner": "Учащийся",
        "learners": "учащиеся",
        "Learners": "Учащиеся",
        "learner_gen": "учащегося",
        "learners_gen": "учащихся",
        "Learners_gen": "Учащихся",
        "group": "объединение",
        "Group": "Объединение",
        "groups": "объединения",
        "Groups": "Объединения",
        "group_gen": "объединения",
        "groups_gen": "объединений",
        "Groups_gen": "Объединений",
        "group_acc": "объединение",
        "group_prep": "объединении",
        "groups_dat": "объединениям",
        "in_no_group": "ни в одно объединение",
        "not_final_group": "не выпускное объединение",
        "with_learner": "с учащимся",
        "documents_book": "Книга выдачи свидетельств",
        "parallel": "{grade}-й год обучения",
        "teacher_of_group_gen": "педагога объединения",
        "learner_forms": "учащийся,учащихся,учащихся",
        "learner_dat_forms": "учащемуся,учащимся,учащимся",
        "group_forms": "объединение,объединения,объединений",
        "no_such_group": "Такого объединения нет в списке",
        "all_groups": "Все объединения",
        "my_group": "Моё объединение",
        "my_groups": "Мои объединения",
        "teacher": "педагог",
        "teacher_gen": "педагога",
        "Teacher": "Педагог",
        "teachers": "педагоги",
        "Teachers": "Педагоги",
        "teacher_of_group": "педагог объединения",
        "Teacher_of_group": "Педагог объединения",
        "teacher_of_group_ins": "педагогом объединения",
        "document": "свидетельство",
    },
    OrganisationKind.TRAINING: {
        "learner": "слушатель",
        "Learner": "Слушатель",
        "learners": "слушатели",
        "Learners": "Слушатели",
        "learner_gen": "слушателя",
        "learners_gen": "слушателей",
        "Learners_gen": "Слушателей",
        "group": "учебная группа",
        "Group": "Учебная группа",
        "groups": "учебные группы",
        "Groups": "Учебные группы",
        "group_gen": "учебной группы",
        "groups_gen": "учебных групп",
        "Groups_gen": "Учебных групп",
        "group_acc": "учебную группу",
        "group_prep": "учебной группе",
        "groups_dat": "учебным группам",
        "in_no_group": "ни в одну учебную группу",
        "not_final_group": "не выпускная учебная группа",
        "with_learner": "со слушателем",
        "documents_book": "Книга выдачи удостоверений",
        "parallel": "{grade}-й год обучения",
        "teacher_of_group_gen": "куратора группы",
        "learner_forms": "слушатель,слушателя,слушателей",
        "learner_dat_forms": "слушателю,слушателям,слушателям",
        "group_forms": "учебная группа,учебные группы,учебных групп",
        "no_such_group": "Такой учебной группы нет в списке",
        "all_groups": "Все учебные группы",
        "my_group": "Моя учебная группа",
        "my_groups": "Мои учебные группы",
        "teacher": "преподаватель",
        "teacher_gen": "преподавателя",
        "Teacher": "Преподаватель",
        "teachers": "преподаватели",
        "Teachers": "Преподаватели",
        "teacher_of_group": "куратор группы",
        "Teacher_of_group": "Куратор группы",
        "teacher_of_group_ins": "куратором группы",
        "document": "удостоверение",
    },
}


digits = {
    10: RegexValidator(r"^\d{10}$", "ИНН организации — 10 цифр."),
    9: RegexValidator(r"^\d{9}$", "КПП — 9 цифр."),
    13: RegexValidator(r"^\d{13}$", "ОГРН — 13 цифр."),
}


class Organisation(models.Model):
    """Requisites printed on every document (R-ORG-1). One row per installation."""

    kind = models.CharField(
        "тип организации",
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.SCHOOL,
    )
    full_name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("сокращённое наименование", max_length=200)
    inn = models.CharField("ИНН", max_length=10, validators=[digits[10]])
    kpp = models.CharField("КПП", max_length=9, blank=True, validators=[digits[9]])
    ogrn = models.CharField("ОГРН", max_length=13, validators=[digits[13]])
    address = models.CharField("адрес", max_length=500)
    phone = models.CharField("телефон", max_length=50, blank=True)
    email = models.EmailField("электронная почта", blank=True)
    director_name = models.CharField("руководитель (ФИО)", max_length=200)
    director_title = models.CharField("должность руководителя", max_length=100, default="Директор")
    licence_number = models.CharField("номер лицензии", max_length=100)
    licence_date = models.DateField("дата лицензии")
    accreditation_number = models.CharField(
        "номер свидетельства об аккредитации", max_length=100, blank=True
    )
    accreditation_date = models.DateField("дата аккредитации", null=True, blank=True)
    logo = models.ImageField("логотип", upload_to="organisation/", blank=True)

    class Meta:
        verbose_name = "организация"
        verbose_name_plural = "организация"
        constraints = [
            models.CheckConstraint(
                condition=Q(accreditation_number="") | Q(accreditation_date__isnull=False),
                name="organisation_accreditation_dated",
                violation_error_message="Укажите дату свидетельства об аккредитации.",
            ),
        ]

    def __str__(self):
        return self.short_name

    @property
    def terms(self):
        return TERMS[OrganisationKind(self.kind)]
