from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "accord.core"
    label = "core"
    verbose_name = "Accord core"

    def ready(self):
        from django.db.backends.signals import connection_created

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
