"""The school's staff: the administration, a class teacher for every primary class,
subject teachers loaded up to a full week, and a class teacher for every other class."""

from learners.demo.data import CURRICULUM, MAX_WEEKLY_LOAD, PRIMARY_HOMEROOM, SPECIALITY
from learners.models import Role, Sex, Staff, TeachingAssignment


class StaffBuilder:
    """Mixed into the Generator: it draws names from ``self.rng`` and makes accounts
    with ``self.user``."""

    def build_staff(self, groups, subjects) -> list[Staff]:
        self.staff: list[Staff] = []
        self.assignments: list[TeachingAssignment] = []
        klassruk, uchitel = self.hire_administration()
        {g.name: g for g in groups}["7А"].class_teacher = klassruk
        self.hire_primary_teachers(groups, subjects)
        self.hire_subject_teachers(groups, subjects, klassruk=klassruk, uchitel=uchitel)
        self.appoint_class_teachers(groups, uchitel=uchitel)
        return self.staff

    def hire(self, position, *roles, username=None, sex=None, fixed=None) -> Staff:
        # The draw happens for the fixed demo people too: the seed's school depends on it.
        sex = sex or (Sex.FEMALE if self.rng.random() < 0.82 else Sex.MALE)
        last, first, patronymic = fixed or self.person(sex)
        username = username or f"t{len(self.staff) + 1:04d}"
        member = Staff(
            user=self.user(username, last, first, *roles),
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            position=position,
        )
        self.staff.append(member)
        return member

    def hire_administration(self) -> tuple[Staff, Staff]:
        """The demo logins among the staff; returns the demo class teacher and the demo
        subject teacher, who share 7А, the class of the demo family's elder child."""
        self.hire(
            "Директор",
            Role.DIRECTOR,
            username="direktor",
            fixed=("Смирнова", "Ольга", "Викторовна"),
        )
        self.deputy = self.hire(
            "Заместитель директора по учебно-воспитательной работе",
            Role.DEPUTY,
            username="zavuch",
            fixed=("Кузнецова", "Ирина", "Александровна"),
        )
        self.hire(
            "Делопроизводитель",
            Role.CLERK,
            username="deloproizv",
            fixed=("Морозова", "Татьяна", "Николаевна"),
        )
        self.hire("Системный администратор", Role.ADMINISTRATOR, username="admin",
                  fixed=("Орлов", "Денис", "Игоревич"))  # fmt: skip
        klassruk = self.hire(
            f"Учитель {SPECIALITY['Русский язык']}", Role.TEACHER, Role.CLASS_TEACHER,
            username="klassruk", fixed=("Волкова", "Наталья", "Сергеевна"),
        )  # fmt: skip
        uchitel = self.hire(
            f"Учитель {SPECIALITY['Алгебра']}", Role.TEACHER,
            username="uchitel", fixed=("Лебедев", "Андрей", "Павлович"),
        )  # fmt: skip
        return klassruk, uchitel

    def hire_primary_teachers(self, groups, subjects) -> None:
        """Primary classes: the class teacher teaches the core subjects."""
        for group in (g for g in groups if g.grade <= 4):
            teacher = self.hire("Учитель начальных классов", Role.TEACHER, Role.CLASS_TEACHER)
            group.class_teacher = teacher
            for name in PRIMARY_HOMEROOM:
                self.assignments.append(
                    TeachingAssignment(teacher=teacher, subject=subjects[name], group=group)
                )

    def hire_subject_teachers(self, groups, subjects, *, klassruk, uchitel) -> None:
        """Fill each speciality's load up to MAX_WEEKLY_LOAD, starting with the demo
        teachers in their speciality so they teach 7А."""
        load: dict[int, int] = {}
        pools: dict[str, list[Staff]] = {
            SPECIALITY["Русский язык"]: [klassruk],
            SPECIALITY["Алгебра"]: [uchitel],
        }
        for group in sorted(groups, key=lambda g: (g.name != "7А", g.grade, g.name)):
            speciality_taken: dict[str, Staff] = {}
            for name, weekly in CURRICULUM.items():
                hours = weekly[group.grade - 1]
                if not hours or (group.grade <= 4 and name in PRIMARY_HOMEROOM):
                    continue
                speciality = SPECIALITY[name]
                # One teacher takes all of a speciality's subjects in a class.
                teacher = speciality_taken.get(speciality)
                if teacher is None:
                    teacher = self.teacher_with_room(pools, speciality, load, hours)
                    speciality_taken[speciality] = teacher
                load[id(teacher)] = load.get(id(teacher), 0) + hours
                self.assignments.append(
                    TeachingAssignment(teacher=teacher, subject=subjects[name], group=group)
                )

    def teacher_with_room(self, pools, speciality: str, load, hours: int) -> Staff:
        """The first teacher of the speciality whose week still has ``hours``; a new
        one when nobody's has."""
        pool = pools.setdefault(speciality, [])
        teacher = next((t for t in pool if load.get(id(t), 0) + hours <= MAX_WEEKLY_LOAD), None)
        if teacher is None:
            teacher = self.hire(f"Учитель {speciality}", Role.TEACHER)
            pool.append(teacher)
        return teacher

    def appoint_class_teachers(self, groups, *, uchitel) -> None:
        """Class teachers of grades 5-11: subject teachers of that class, one class each.
        The demo subject teacher stays a plain teacher, so the teacher's start page is
        what `uchitel` sees."""
        homeroom = {id(g.class_teacher) for g in groups if g.class_teacher is not None}
        homeroom.add(id(uchitel))
        for group in (g for g in groups if g.grade >= 5 and g.class_teacher is None):
            candidates = [
                a.teacher for a in self.assignments
                if a.group is group and id(a.teacher) not in homeroom
            ]  # fmt: skip
            teacher = candidates[0] if candidates else self.hire("Учитель", Role.TEACHER)
            group.class_teacher = teacher
            homeroom.add(id(teacher))
            if (teacher.user, Role.CLASS_TEACHER) not in self.memberships:
                self.memberships.append((teacher.user, Role.CLASS_TEACHER))
