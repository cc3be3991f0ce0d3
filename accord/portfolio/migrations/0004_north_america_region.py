"""North America was loaded under "NA", which is Namibia's ISO code: Namibia got the US, Canada
and Mexico as member countries and there was no North America region. Repair both."""

from django.db import migrations


def repair(apps, schema_editor):
    Territory = apps.get_model("portfolio", "Territory")
    namibia = Territory.objects.filter(code="NA").first()
    if namibia is not None and namibia.kind == "country":
        namibia.countries.clear()
        if namibia.name == "North America":
            namibia.name = "Namibia"
            namibia.save(update_fields=["name"])
    region, _ = Territory.objects.get_or_create(
        code="NORAM", defaults={"name": "North America", "kind": "region"},
    )
    region.countries.set(Territory.objects.filter(kind="country", code__in=["US", "CA", "MX"]))


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0003_alliance_documents")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
