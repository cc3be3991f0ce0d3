"""`accord loadtest`: the key pages of every app under load (the machinery: accord.core.loadtest).

With reporting because its pages span the apps (governance, contracts, health, value, knowledge,
the dashboard) and reporting is the one app that may import all of them.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accord.core import loadtest
from accord.core.loadtest import Page


def key_pages() -> tuple[list[Page], dict[str, str]]:
    """The pages of issue 16, with ids from the database, and who views each."""
    from accord.governance.models import Meeting
    from accord.people.models import Role, User
    from accord.portfolio.models import AllianceMember, MemberRole, Program

    leader = User.objects.filter(role=Role.LEADER, is_active=True).order_by("pk").first()
    executive = User.objects.filter(role=Role.EXECUTIVE, is_active=True).order_by("pk").first()
    run = (
        AllianceMember.objects.filter(
            role=MemberRole.ALLIANCE_MANAGER, user__is_active=True, user__role=Role.MANAGER
        )
        .filter(alliance__in=Meeting.objects.values("alliance"))
        .select_related("user", "alliance")
        .order_by("pk")
        .first()
    )
    manager, alliance = run.user, run.alliance
    partner_member = (
        AllianceMember.objects.filter(user__role=Role.PARTNER, user__is_active=True)
        .filter(alliance__in=Meeting.objects.values("alliance"))
        .select_related("user")
        .order_by("pk")
        .first()
    )
    partner, partner_alliance = partner_member.user, partner_member.alliance_id
    meeting = (
        Meeting.objects.filter(alliance_id=partner_alliance, is_internal=False)
        .order_by("pk")
        .first()
    )
    target = (
        Program.objects.exclude(target="").order_by("pk").values_list("target", flat=True).first()
        or "KRAS G12D"
    )
    people = {
        "leader": leader.email,
        "manager": manager.email,
        "executive": executive.email,
        "partner": partner.email,
    }
    a = alliance.pk
    pages = [
        # The front door: what needs the manager this week, and the leader's whole team.
        Page("my week", "manager", "/"),
        Page("my team's week (leader)", "leader", "/", "heavy"),
        Page("portfolio list", "manager", "/alliances/"),
        Page("portfolio list (partner)", "partner", "/alliances/"),
        Page("alliance overview", "manager", f"/alliances/{a}/"),
        Page("contracts tab", "manager", f"/alliances/{a}/contracts/"),
        Page("obligations overdue", "leader", "/contracts/obligations/?status=overdue"),
        Page("governance tab (partner)", "partner", f"/alliances/{partner_alliance}/governance/"),
        Page("meeting page (partner)", "partner", f"/governance/meetings/{meeting.pk}/"),
        Page("health page", "manager", f"/alliances/{a}/health/"),
        Page("value tab", "manager", f"/alliances/{a}/value/"),
        Page("dashboard", "executive", "/dashboard/", "heavy"),
        Page("workload", "leader", "/workload/", "heavy"),
        Page("portfolio value", "executive", "/value/", "heavy"),
        Page("health heatmap", "leader", "/health/", "heavy"),
        Page("lessons search", "manager", "/knowledge/?q=governance"),
        Page("may-we page", "leader", f"/contracts/may-we/?target={target}"),
        Page("API alliances, 50 per page", "leader", "/api/v1/alliances/?page_size=50"),
    ]
    return pages, people


class Command(BaseCommand):
    help = (
        "Drive the key pages through gunicorn at a fixed offered rate (open loop), side by side "
        "with a bare Django reference, and record latency, errors and server CPU per request."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rate", type=float, default=20.0, help="Requests per second.")
        parser.add_argument("--duration", type=float, default=30.0, help="Seconds per page.")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers.")
        parser.add_argument("--only", help="A regular expression selecting pages by name.")
        parser.add_argument("--seed", type=int, default=None, help="Page order seed.")
        parser.add_argument(
            "--password", default=None, help="The seeded accounts' password (demo's by default)."
        )
        parser.add_argument("--write", help="Record the table in this Markdown file.")

    def handle(self, *args, rate, duration, workers, only, seed, password, write, **options):
        from accord.portfolio.models import Alliance
        from accord.portfolio.seed import DEMO_PASSWORD

        if not Alliance.objects.exists():
            raise CommandError("Seed a portfolio first: accord seed --size bigpharma")
        results, context = loadtest.run(
            key_pages=key_pages,
            rate=rate,
            duration=duration,
            workers=workers,
            password=password or DEMO_PASSWORD,
            only=only,
            log_dir=Path(settings.VAR_DIR) / "loadtest",
            seed=seed,
        )
        context["alliances"] = Alliance.objects.count()
        table = loadtest.report(results, context)
        self.stdout.write(table)
        if write:
            title = f"Under load through gunicorn ({context['database']})"
            loadtest.write_section(Path(write), title, table)
            self.stdout.write(self.style.SUCCESS(f"Recorded in {write}"))
