"""Demo and benchmark portfolios (see accord.core.seeding).

The demo portfolio (Meridian Therapeutics, its people, partners and alliances) is data/demo.json;
the words the benchmark portfolio draws its names from are data/bigpharma.json.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accord.core.models import AuditEvent
from accord.core.seeding import load_data
from accord.people import actions as people_actions
from accord.people.models import Role, User

from . import actions
from .models import (
    Alliance,
    AllianceMember,
    AllianceObjective,
    AlliancePartner,
    AllianceType,
    AMTeam,
    Company,
    MemberRole,
    Modality,
    Phase,
    Program,
    Stage,
    StrategicPriority,
    Territory,
    TherapeuticArea,
)

DEMO = load_data("accord.portfolio")
DEMO_PASSWORD = DEMO["password"]

LOGIN_LABELS = [
    ("alliance leader", "helen"),
    ("alliance manager", "daniel"),
    ("executive", "richard"),
    ("partner user (Kestrel)", "jordan"),
    ("firewalled employee", "ravi"),
    ("admin", "admin"),
]


def already_seeded() -> bool:
    """`accord seed` loads nothing into a database that already holds alliances."""
    return Alliance.objects.exists()


def demo_logins() -> list[tuple[str, str, str]]:
    """The demo accounts that exist in this database, for `make run` to print."""
    people = DEMO["staff"] | DEMO["partner_people"]
    wanted = {key: people[key]["email"] for _, key in LOGIN_LABELS}
    existing = set(User.objects.filter(email__in=wanted.values()).values_list("email", flat=True))
    return [
        (label, wanted[key], DEMO_PASSWORD)
        for label, key in LOGIN_LABELS
        if wanted[key] in existing
    ]


@transaction.atomic
def seed_demo(ctx) -> None:
    territories = {t.code: t for t in Territory.objects.all()}
    areas = {a.name: a for a in TherapeuticArea.objects.all()}
    company = DEMO["own_company"]
    own = Company.objects.create(
        name=company["name"],
        kind=Company.Kind.OWN,
        company_type=company["type"],
        headquarters=territories[company["country"]],
    )

    people = {}
    for key, person in DEMO["staff"].items():
        people[key] = people_actions.user_create(
            actor=None,
            data={
                "email": person["email"],
                "first_name": person["first_name"],
                "last_name": person["last_name"],
                "role": person["role"],
                "company": own,
                "title": person["title"],
                "function": person["function"],
                "is_staff": person["role"] == Role.ADMIN,
                "is_superuser": person["role"] == Role.ADMIN,
            },
        )
    leader = people["helen"]

    partners = {}
    for key, partner in DEMO["partners"].items():
        partners[key] = actions.company_create(
            actor=leader,
            data={
                "name": partner["name"],
                "kind": Company.Kind.PARTNER,
                "company_type": partner["type"],
                "headquarters": territories[partner["country"]],
            },
        )
    for key, person in DEMO["partner_people"].items():
        people[key] = people_actions.user_create(
            actor=people["admin"],
            data={
                "email": person["email"],
                "first_name": person["first_name"],
                "last_name": person["last_name"],
                "role": Role.PARTNER,
                "company": partners[person["partner"]],
                "title": person["title"],
                "function": "Alliance Management",
            },
        )

    # One hash for every demo account: hashing each password separately takes seconds.
    User.objects.filter(pk__in=[p.pk for p in people.values()]).update(
        password=make_password(DEMO_PASSWORD)
    )

    teams = {
        key: AMTeam.objects.create(name=team["name"], description=team["description"])
        for key, team in DEMO["am_teams"].items()
    }
    priorities = {
        key: StrategicPriority.objects.create(
            name=p["name"], weight=p["weight"], description=p["description"]
        )
        for key, p in DEMO["priorities"].items()
    }

    alliances = {}
    for spec in DEMO["alliances"]:
        alliance = actions.alliance_create(
            actor=leader,
            data={
                "name": spec["name"],
                "partners": [partners[p] for p in spec["partners"]],
                "alliance_type": spec["type"],
                "stage": spec["stage"],
                "therapeutic_areas": [areas[a] for a in spec["areas"]],
                "territories": [territories[t] for t in spec["territories"]],
                "effective_date": ctx.days_ago(spec["effective"])
                if spec["effective"] is not None
                else None,
                "value_proposition": spec["value_proposition"],
                "am_team": teams[spec["team"]] if spec["team"] else None,
                "strategic_importance": spec["importance"],
                "risk_level": spec["risk"],
                "deal_value_musd": Decimal(spec["value"]),
            },
        )
        for seat in spec["responsible"]:
            actions.member_add(
                actor=leader,
                alliance=alliance,
                user=people[seat["person"]],
                role=seat["role"],
                allocation_pct=seat["allocation"],
            )
        for staff_key in spec.get("sponsors", []):
            actions.member_add(
                actor=leader,
                alliance=alliance,
                user=people[staff_key],
                role=MemberRole.EXECUTIVE_SPONSOR,
            )
        for partner_key in spec.get("partner_members", []):
            actions.member_add(
                actor=leader,
                alliance=alliance,
                user=people[partner_key],
                role=MemberRole.TEAM_MEMBER,
            )
        for objective in spec.get("objectives", []):
            actions.objective_add(
                actor=leader,
                alliance=alliance,
                priority=priorities[objective["priority"]],
                text=objective["text"],
            )
        for program in spec["programs"]:
            cleared = program["cleared"]
            owner = people[cleared[0]] if cleared else leader
            actions.program_create(
                actor=owner,
                alliance=alliance,
                data={
                    "name": program["name"],
                    "compound": program["compound"],
                    "target": program["target"],
                    "indication": program["indication"],
                    "modality": program["modality"],
                    "phase": program["phase"],
                    "therapeutic_area": areas[program["area"]],
                    "is_firewalled": program["firewalled"],
                    "firewall_members": [people[k] for k in cleared],
                },
            )
        if "override" in spec:
            actions.alliance_override_tier(
                actor=leader,
                alliance=alliance,
                tier=spec["override"]["tier"],
                reason=spec["override"]["reason"],
            )
        alliances[spec["key"]] = alliance

    ctx.objects.update(
        {
            "own_company": own,
            "people": people,
            "partners": partners,
            "alliances": alliances,
            "teams": teams,
            "priorities": priorities,
        }
    )
    ctx.logins.extend(demo_logins())


# --- Benchmark scale ------------------------------------------------------------------------

WORDS = load_data("accord.portfolio", "bigpharma")


def seed_bigpharma(ctx) -> None:
    """2,000 alliances, 300 partners, 6,000 programs and 150 people, built with bulk inserts."""
    rng = ctx.rng
    syllables, suffixes = WORDS["syllables"], WORDS["suffixes"]
    territories = list(Territory.objects.all())
    countries = [t for t in territories if t.kind == Territory.Kind.COUNTRY]
    areas = list(TherapeuticArea.objects.all())
    password = make_password(DEMO_PASSWORD)

    with transaction.atomic():
        company = DEMO["own_company"]
        own = Company.objects.create(
            name=company["name"],
            kind=Company.Kind.OWN,
            company_type=company["type"],
            headquarters=Territory.objects.get(code=company["country"]),
        )
        partner_names = set()
        while len(partner_names) < 300:
            partner_names.add(
                f"{rng.choice(syllables)}{rng.choice(syllables).lower()} {rng.choice(suffixes)}"
            )
        partners = Company.objects.bulk_create(
            [
                Company(
                    name=n,
                    kind=Company.Kind.PARTNER,
                    company_type=rng.choice(Company.Type.values),
                    headquarters=rng.choice(countries),
                )
                for n in sorted(partner_names)
            ]
        )
        teams = AMTeam.objects.bulk_create([AMTeam(name=f"AM team {i + 1}") for i in range(8)])
        priorities = StrategicPriority.objects.bulk_create(
            [
                StrategicPriority(name=f"Strategic priority {i + 1}", weight=rng.randint(1, 5))
                for i in range(8)
            ]
        )

        roles = (
            [Role.LEADER] * 3
            + [Role.MANAGER] * 60
            + [Role.CONTRIBUTOR] * 40
            + [Role.EXECUTIVE] * 12
            + [Role.ADMIN] * 2
        )
        staff = [
            User(
                email=f"user{i:03d}@meridian.example",
                first_name=f"Staff{i:03d}",
                last_name=rng.choice(syllables),
                role=role,
                company=own,
                password=password,
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
            for i, role in enumerate(roles)
        ]
        partner_users = [
            User(
                email=f"partner{i:03d}@partners.example",
                first_name=f"Partner{i:03d}",
                last_name=rng.choice(syllables),
                role=Role.PARTNER,
                company=partners[i * 9],
                password=password,
            )
            for i in range(150 - len(staff))
        ]
        User.objects.bulk_create(staff + partner_users)
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in User.objects.filter(emailaddress__isnull=True)
        )
        staff = list(User.objects.filter(company=own).order_by("pk"))
        partner_users = list(User.objects.filter(role=Role.PARTNER).select_related("company"))
        holders = [u for u in staff if u.role in (Role.MANAGER, Role.CONTRIBUTOR)]

        today = ctx.today
        alliances = []
        for i in range(2000):
            stage = rng.choices(Stage.values, weights=[8, 10, 60, 5, 7, 10])[0]
            alliances.append(
                Alliance(
                    name=f"{rng.choice(syllables)} {rng.choice(syllables)} alliance {i + 1:04d}",
                    alliance_type=rng.choice(AllianceType.values),
                    stage=stage,
                    effective_date=None
                    if stage == Stage.PRE_DEAL
                    else today - dt.timedelta(days=rng.randint(10, 4000)),
                    am_team=rng.choice(teams),
                    strategic_importance=rng.randint(1, 5),
                    risk_level=rng.randint(1, 5),
                    deal_value_musd=Decimal(rng.choice([5, 20, 50, 120, 300, 700, 1500, 3000])),
                    value_proposition="Benchmark alliance.",
                )
            )
        alliances = Alliance.objects.bulk_create(alliances, batch_size=500)

        links, area_links, territory_links, members, objectives = [], [], [], [], []
        partner_by_company = {}
        for user in partner_users:
            partner_by_company.setdefault(user.company_id, []).append(user)
        for alliance in alliances:
            chosen = rng.sample(partners, 2 if rng.random() < 0.1 else 1)
            links += [AlliancePartner(alliance=alliance, company=c) for c in chosen]
            area_links += [
                Alliance.therapeutic_areas.through(alliance=alliance, therapeuticarea=a)
                for a in rng.sample(areas, rng.choice([1, 1, 2]))
            ]
            territory_links += [
                Alliance.territories.through(alliance=alliance, territory=t)
                for t in rng.sample(territories, rng.choice([1, 1, 2, 3]))
            ]
            if rng.random() < 0.9 and alliance.stage != Stage.TERMINATED:
                role = (
                    MemberRole.ALLIANCE_MANAGER
                    if rng.random() < 0.6
                    else MemberRole.DESIGNATED_PERSON
                )
                members.append(
                    AllianceMember(
                        alliance=alliance,
                        user=rng.choice(holders),
                        role=role,
                        allocation_pct=rng.choice([20, 50, 100]),
                    )
                )
            for company in chosen:
                for user in partner_by_company.get(company.pk, [])[:2]:
                    members.append(
                        AllianceMember(alliance=alliance, user=user, role=MemberRole.TEAM_MEMBER)
                    )
            if rng.random() < 0.4:
                objectives.append(
                    AllianceObjective(
                        alliance=alliance,
                        priority=rng.choice(priorities),
                        text="Benchmark objective",
                    )
                )
        AlliancePartner.objects.bulk_create(links, batch_size=1000)
        Alliance.therapeutic_areas.through.objects.bulk_create(area_links, batch_size=1000)
        Alliance.territories.through.objects.bulk_create(territory_links, batch_size=1000)
        AllianceMember.objects.bulk_create(members, batch_size=1000, ignore_conflicts=True)
        AllianceObjective.objects.bulk_create(objectives, batch_size=1000)

        programs = []
        for index in range(6000):
            alliance = alliances[index % 2000] if index < 4000 else rng.choice(alliances)
            programs.append(
                Program(
                    alliance=alliance,
                    name=f"Program {index + 1:05d}",
                    compound=f"MRD-{10000 + index}",
                    target=rng.choice(WORDS["targets"]),
                    indication=rng.choice(WORDS["indications"]),
                    modality=rng.choice(Modality.values),
                    phase=rng.choice(Phase.values),
                    therapeutic_area=rng.choice(areas),
                    is_firewalled=rng.random() < 0.05,
                )
            )
        programs = Program.objects.bulk_create(programs, batch_size=1000)
        clearances = []
        for program in programs:
            if program.is_firewalled:
                clearances += [
                    Program.firewall_members.through(program=program, user=u)
                    for u in rng.sample(staff, 3)
                ]
        Program.firewall_members.through.objects.bulk_create(clearances, batch_size=1000)

        content_type = ContentType.objects.get_for_model(Alliance)
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    actor=None,
                    actor_label="system",
                    action=AuditEvent.Action.CREATE,
                    content_type=content_type,
                    object_id=str(a.pk),
                    object_repr=a.name,
                    reason="accord seed --size bigpharma",
                    alliance_id=a.pk,
                )
                for a in alliances
            ],
            batch_size=1000,
        )
        actions.alliances_retier(
            actor=None, reason="initial tiering of the benchmark portfolio", audit=False
        )

    ctx.objects.update(
        {"own_company": own, "alliances": alliances, "programs": programs, "people": staff}
    )
    leader = next(u for u in staff if u.role == Role.LEADER)
    ctx.logins.append(("alliance leader", leader.email, DEMO_PASSWORD))
