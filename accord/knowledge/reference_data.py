"""Reference topics for lessons and deliverables (loaded by migration 0002; admins may add more)."""

TOPICS = [
    ("governance", "Governance"),
    ("ip", "IP"),
    ("regulatory", "Regulatory"),
    ("commercial", "Commercial"),
    ("relationship", "Relationship"),
    ("contract", "Contract and obligations"),
    ("clinical", "Clinical development"),
    ("manufacturing", "Manufacturing and supply"),
    ("finance", "Finance and value"),
    ("communication", "Communication"),
    ("roles", "People and roles"),
    ("data", "Data and materials"),
]


def load(apps, schema_editor):
    Topic = apps.get_model("knowledge", "Topic")
    for slug, name in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})
