"""The learners' families: every learner has a mother, most a father; about one family
in ten has two children at the school. The demo family has a son in 7А and a daughter
in 3Б."""

from learners.demo.data import FEMALE_NAMES, MALE_NAMES, female
from learners.models import Guardian, Guardianship, Kinship, Role, Sex


class FamilyBuilder:
    """Mixed into the Generator: it draws from ``self.rng`` and makes accounts with
    ``self.user``. The families settle the children's surnames and patronymics."""

    def build_families(self, learners, group_of):
        self.guardians: list[Guardian] = []
        self.links: list[Guardianship] = []
        elder, younger = self.demo_family(learners, group_of)
        pending = [x for x in learners if x is not elder and x is not younger]
        self.rng.shuffle(pending)
        while pending:
            child = pending.pop()
            children = [child]
            if pending and self.rng.random() < 0.1:
                sibling = next(
                    (x for x in pending if group_of[id(x)].grade != group_of[id(child)].grade),
                    None,
                )
                if sibling is not None:
                    pending.remove(sibling)
                    children.append(sibling)
            surname = child.last_name if child.sex == Sex.MALE else child.last_name[:-1]
            self.family(
                children, surname, self.rng.choice(MALE_NAMES), with_father=self.rng.random() < 0.6
            )
        return self.guardians, self.links

    def demo_family(self, learners, group_of):
        """The family every role's demo login follows: `roditel` is the mother, `uchenik`
        the son in 7А; his sister is in 3Б."""
        elder = next(x for x in learners if group_of[id(x)].name == "7А")
        younger = next(x for x in learners if group_of[id(x)].name == "3Б")
        elder.sex, elder.first_name = Sex.MALE, "Михаил"
        younger.sex, younger.first_name = Sex.FEMALE, "Алиса"
        self.family([elder, younger], "Соколов", MALE_NAMES[2], mother_username="roditel")
        elder.user = self.user("uchenik", "Соколов", "Михаил", Role.LEARNER)
        self.demo_children = (elder, younger)
        return elder, younger

    def family(self, children, surname, father_name, *, mother_username=None, with_father=True):
        name, son_patronymic, daughter_patronymic = father_name
        for child in children:
            child.last_name = surname if child.sex == Sex.MALE else female(surname)
            child.patronymic = son_patronymic if child.sex == Sex.MALE else daughter_patronymic
        mother = self.guardian(
            female(surname),
            self.rng.choice(FEMALE_NAMES),
            self.rng.choice(MALE_NAMES)[2],
            username=mother_username,
        )
        parents = [(mother, Kinship.MOTHER)]
        if with_father:
            father = self.guardian(surname, name, self.rng.choice(MALE_NAMES)[1])
            parents.append((father, Kinship.FATHER))
        for child in children:
            self.links.extend(
                Guardianship(learner=child, guardian=g, kinship=k) for g, k in parents
            )

    def guardian(self, last, first, patronymic, username=None) -> Guardian:
        rng = self.rng
        username = username or f"p{len(self.guardians) + 1:05d}"
        phone = (
            f"+7 9{rng.randrange(10, 99)} {rng.randrange(100, 999)}-"
            f"{rng.randrange(10, 99):02d}-{rng.randrange(10, 99):02d}"
        )
        g = Guardian(
            user=self.user(username, last, first, Role.PARENT),
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            phone=phone,
        )
        self.guardians.append(g)
        return g
