"""Who is in the demo desk: teams on two lines, the staff with known logins, and customers."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from otklik.accounts.models import AgentProfile, Line, Role, Team

DEMO_PASSWORD = "demo"  # noqa: S105 - public on purpose, printed in the startup banner


@dataclass(frozen=True)
class TeamSpec:
    name: str
    line: int
    is_default: bool = False


L1, ENGLISH, L2, CLAIMS = "Первая линия", "English desk", "Вторая линия", "Претензии"
TEAMS = [TeamSpec(L1, Line.FIRST, True), TeamSpec(ENGLISH, Line.FIRST), TeamSpec(L2, Line.SECOND),
         TeamSpec(CLAIMS, Line.SECOND)]  # fmt: skip


@dataclass(frozen=True)
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    line: int
    teams: tuple[str, ...]
    description: str
    language: str = ""


STAFF = [
    StaffSpec("admin", "Алексей", "Морозов", Role.ADMIN, Line.FIRST, (), "administrator: configuration in /admin/"),
    StaffSpec("supervisor", "Светлана", "Павлова", Role.SUPERVISOR, Line.FIRST, (L1, ENGLISH, L2, CLAIMS),
              "supervisor: all tickets and reports"),
    StaffSpec("anna", "Анна", "Смирнова", Role.AGENT, Line.FIRST, (L1,), "agent, first line"),
    StaffSpec("boris", "Борис", "Кузнецов", Role.AGENT, Line.SECOND, (L2, CLAIMS), "agent, second line"),
    StaffSpec("dmitry", "Дмитрий", "Волков", Role.AGENT, Line.FIRST, (L1,), "agent, first line"),
    StaffSpec("elena", "Елена", "Новикова", Role.AGENT, Line.FIRST, (L1,), "agent, first line"),
    StaffSpec("marina", "Марина", "Фёдорова", Role.AGENT, Line.FIRST, (L1,), "agent, first line"),
    StaffSpec("kate", "Kate", "Lebedeva", Role.AGENT, Line.FIRST, (ENGLISH, L1), "agent, first line, English desk", "en"),
    StaffSpec("galina", "Галина", "Орлова", Role.AGENT, Line.SECOND, (CLAIMS,), "agent, second line, claims"),
    StaffSpec("igor", "Игорь", "Соколов", Role.AGENT, Line.SECOND, (L2,), "agent, second line"),
]  # fmt: skip

DEMO_LOGINS: dict[str, str] = {spec.username: spec.description for spec in STAFF}


@dataclass(frozen=True)
class Agent:
    id: int
    first_name: str
    teams: tuple[str, ...]


@dataclass(frozen=True)
class Desk:
    """Ids of what the tickets refer to, looked up once."""

    teams: dict[str, int]
    agents: list[Agent]

    def members(self, team: str) -> list[Agent]:
        return [a for a in self.agents if team in a.teams]


@transaction.atomic
def ensure_desk() -> Desk:
    """Create the teams and staff that are missing; keep whatever already exists."""
    teams = {}
    for team_spec in TEAMS:
        team, _ = Team.objects.get_or_create(
            name=team_spec.name, defaults={"line": team_spec.line, "is_default": team_spec.is_default}
        )
        teams[team_spec.name] = team
    user_model = get_user_model()
    existing = set(user_model.objects.filter(username__in=DEMO_LOGINS).values_list("username", flat=True))
    # PBKDF2 costs about half a second per call: hash the shared public password once.
    hashed = make_password(DEMO_PASSWORD) if len(existing) < len(STAFF) else ""
    for spec in STAFF:
        if spec.username not in existing:
            _create_staff(spec, hashed, teams)
    agents = [
        Agent(p.user_id, p.user.first_name, tuple(t.name for t in p.teams.all()))
        for p in AgentProfile.objects.filter(user__username__in=DEMO_LOGINS, role=Role.AGENT)
        .select_related("user").prefetch_related("teams").order_by("user__username")
    ]  # fmt: skip
    return Desk(teams={name: t.pk for name, t in teams.items()}, agents=agents)


def _create_staff(spec: StaffSpec, hashed: str, teams: dict[str, Team]) -> None:
    # The same fields as accounts.services.agent_create, with the password hash computed once.
    is_admin = spec.role == Role.ADMIN
    user = get_user_model().objects.create_user(
        username=spec.username, password=None, email=f"{spec.username}@otklik.example",
        first_name=spec.first_name, last_name=spec.last_name, is_staff=is_admin, is_superuser=is_admin,
    )  # fmt: skip
    user.password = hashed
    user.save(update_fields=["password"])
    profile = AgentProfile.objects.create(user=user, role=spec.role, line=spec.line, language=spec.language)
    profile.teams.set([teams[name] for name in spec.teams])


# --- Customers ----------------------------------------------------------------------------------

MALE = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Иван", "Михаил", "Николай",
        "Павел", "Артём", "Егор", "Кирилл", "Олег", "Роман", "Виктор", "Юрий", "Тимур", "Руслан", "Фёдор"]  # fmt: skip
FEMALE = ["Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Екатерина", "Светлана",
          "Юлия", "Дарья", "Алина", "Полина", "Ксения", "Виктория", "Марина", "Людмила", "Вера", "Софья"]  # fmt: skip
SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
            "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
            "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
            "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
            "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
            "Белов", "Медведев", "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров",
            "Давыдов", "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов",
            "Марков", "Миронов", "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов",
            "Гаврилов", "Тихонов", "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин",
            "Чернов", "Абрамов", "Мартынов", "Ефимов", "Федотов", "Щербаков", "Назаров", "Калинин",
            "Исаев", "Чернышёв", "Быков", "Маслов", "Родионов", "Коновалов", "Лазарев", "Воронин",
            "Климов", "Филатов", "Пономарёв", "Голубев", "Кудрявцев", "Прохоров", "Наумов", "Потапов",
            "Журавлёв", "Овчинников", "Трофимов", "Леонов", "Соболев", "Ермаков", "Колесников",
            "Гончаров", "Емельянов", "Никифоров", "Грачёв", "Котов", "Гришин", "Ефремов", "Архипов",
            "Громов", "Кириллов", "Малышев", "Панов", "Моисеев", "Румянцев", "Акимов", "Кондратьев",
            "Бирюков", "Горбунов", "Анисимов", "Ерёмин", "Тихомиров", "Галкин", "Лукьянов", "Михеев"]  # fmt: skip
EN_FIRST = ["James", "Oliver", "Emma", "Sophie", "Liam", "Amelia", "Noah", "Isla", "Lucas", "Mia",
            "Ahmed", "Fatima", "Omar", "Layla", "David", "Sarah", "Jonas", "Lena", "Marco", "Elena",
            "Aram", "Nino", "Arman", "Aigerim"]  # fmt: skip
EN_LAST = ["Smith", "Brown", "Taylor", "Wilson", "Evans", "Walker", "Hughes", "Green", "Hall", "Wood",
           "Müller", "Schmidt", "Khan", "Haddad", "Rossi", "Petrović", "Hakobyan", "Beridze",
           "Nurlanov", "Kim", "Cohen", "Novak", "Jones", "Clarke"]  # fmt: skip

CITIES_RU = [("Москва", "Europe/Moscow", 30), ("Санкт-Петербург", "Europe/Moscow", 14),
             ("Новосибирск", "Asia/Novosibirsk", 5), ("Екатеринбург", "Asia/Yekaterinburg", 5),
             ("Казань", "Europe/Moscow", 4), ("Нижний Новгород", "Europe/Moscow", 4),
             ("Краснодар", "Europe/Moscow", 4), ("Самара", "Europe/Samara", 3), ("Омск", "Asia/Omsk", 2),
             ("Красноярск", "Asia/Krasnoyarsk", 2), ("Владивосток", "Asia/Vladivostok", 2),
             ("Калининград", "Europe/Kaliningrad", 2), ("Пермь", "Asia/Yekaterinburg", 2),
             ("Ростов-на-Дону", "Europe/Moscow", 3)]  # fmt: skip
CITIES_EN = [("London", "Europe/London", 3), ("Berlin", "Europe/Berlin", 3), ("Dubai", "Asia/Dubai", 3),
             ("Almaty", "Asia/Almaty", 2), ("Yerevan", "Asia/Yerevan", 2), ("Tbilisi", "Asia/Tbilisi", 2),
             ("Belgrade", "Europe/Belgrade", 2), ("Limassol", "Asia/Nicosia", 1)]  # fmt: skip
RU_MAIL = ["mail.ru", "yandex.ru", "gmail.com", "inbox.ru", "bk.ru", "list.ru", "rambler.ru"]
EN_MAIL = ["gmail.com", "outlook.com", "icloud.com", "proton.me", "yahoo.com"]
EN_PHONE = ["+44 7700 9", "+49 151 2", "+971 50 1", "+7 701 5", "+374 91 2", "+995 599 1"]

_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
                      "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"], strict=True))  # fmt: skip


def translit(text: str) -> str:
    return "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())


@dataclass(slots=True)
class CustomerSeed:
    name: str
    first_name: str
    language: str
    city: str
    time_zone: str
    contacts: list[tuple[str, str]]  # (kind, normalized value); the first of each kind is primary


class CustomerFactory:
    """Draws customers whose contacts are unique and already normalized as the services store them."""

    def __init__(self, rng: random.Random, taken: set[tuple[str, str]]) -> None:
        self.rng = rng
        self.taken = taken
        self.ru_cities = ([c[:2] for c in CITIES_RU], [c[2] for c in CITIES_RU])
        self.en_cities = ([c[:2] for c in CITIES_EN], [c[2] for c in CITIES_EN])

    def make(self, english: bool) -> CustomerSeed:
        return self._english() if english else self._russian()

    def _russian(self) -> CustomerSeed:
        rng = self.rng
        female = rng.random() < 0.55
        first = rng.choice(FEMALE if female else MALE)
        last = rng.choice(SURNAMES)
        if female:
            last = last[:-3] + "ая" if last.endswith("ский") else last + "а"
        city, tz = rng.choices(*self.ru_cities)[0]
        contacts: list[tuple[str, str]] = []
        if rng.random() < 0.85:
            self._add(contacts, "email", f"{translit(first)}.{translit(last)}", rng.choice(RU_MAIL))
        if rng.random() < 0.7 or not contacts:
            self._add_phone(contacts, "+79", 9)
        if rng.random() < 0.15:
            self._add(contacts, "telegram", f"@{translit(first)}_{translit(last)[:6]}", "")
        return CustomerSeed(f"{first} {last}", first, "ru", city, tz, contacts)

    def _english(self) -> CustomerSeed:
        rng = self.rng
        first, last = rng.choice(EN_FIRST), rng.choice(EN_LAST)
        city, tz = rng.choices(*self.en_cities)[0]
        contacts: list[tuple[str, str]] = []
        self._add(contacts, "email", f"{first}.{last}".replace("ü", "u").replace("ć", "c"), rng.choice(EN_MAIL))
        if rng.random() < 0.3:
            self._add_phone(contacts, rng.choice(EN_PHONE), 6)
        return CustomerSeed(f"{first} {last}", first, "en", city, tz, contacts)

    def _add(self, contacts: list[tuple[str, str]], kind: str, local: str, domain: str) -> None:
        at = f"@{domain}" if domain else ""
        value = f"{local}{at}".lower()
        while (kind, value) in self.taken:
            value = f"{local}{self.rng.randint(1, 9999)}{at}".lower()
        self.taken.add((kind, value))
        contacts.append((kind, value))

    def _add_phone(self, contacts: list[tuple[str, str]], prefix: str, digits: int) -> None:
        while True:
            raw = prefix + "".join(str(self.rng.randint(0, 9)) for _ in range(digits))
            value = "+" + "".join(ch for ch in raw if ch.isdigit())
            if ("phone", value) not in self.taken:
                break
        self.taken.add(("phone", value))
        contacts.append(("phone", value))
