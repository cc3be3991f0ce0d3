from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class CoreConfig(AppConfig):
    name = "accord.core"
    label = "core"
    verbose_name = _("Accord core")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .audit_trail import REVIEWER_ROLES
        from .registry import register_navs

        # The home page ("My week"); its own app may register it again, which replaces this.
        register_navs(
            "My work",
            (gettext_noop("My week"), "core:home", 10, "/"),
            partner_label=gettext_noop("Workspace"),
        )
        register_navs(
            "Admin",
            (
                gettext_noop("Audit trail"),
                "core:audit_trail",
                10,
                "/audit/",
                {"roles": tuple(sorted(REVIEWER_ROLES))},
            ),
            (gettext_noop("Admin site"), "admin:index", 90, "/admin/", {"staff_only": True}),
        )

        from .cleaning import install

        # Control characters stripped and dates kept in one window, for every form and API
        # field (accord/core/cleaning.py).
        install()

        from .audit_chain import register_sqlite_function

        def on_connection(sender, connection, **kwargs):
            if connection.vendor == "sqlite":
                register_sqlite_function(connection)

        # The audit trail's SQLite triggers call this function (see audit_chain.py).
        connection_created.connect(on_connection, weak=False, dispatch_uid="accord.audit_guard")

        from django.db.models.signals import post_migrate

        from .audit_chain import install_guard

        # SQLite drops a table's triggers whenever a migration rebuilds it: reinstall after
        # every migrate so the trail is never left unguarded.
        post_migrate.connect(install_guard, sender=self, dispatch_uid="accord.audit_guard")

        # The database cache's table (the default ACCORD_CACHE_URL) comes with `migrate`, so a
        # fresh install needs no extra step; created even when this process uses another cache,
        # for the other processes that share the database.
        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="accord.cache_table")


def create_cache_tables(sender, using="default", **kwargs):
    from django.conf import settings
    from django.core.management.commands.createcachetable import Command

    tables = {"accord_cache"} | {
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    }
    command = Command()
    command.verbosity = 0
    for table in sorted(tables):
        command.create_table(using, table, dry_run=False)
