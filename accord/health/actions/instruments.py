"""Writes to instruments. An instrument a wave has used is never changed: editing it makes a
new version (a copy with the change), so every wave keeps the questions it asked."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accord.core import audit
from accord.core.actions import Entry, open_update, save_update
from accord.core.versioning import bump, lock

from .. import default_instrument
from ..models import Category, Instrument, Item, ItemKind, Theme

INSTRUMENT_FIELDS = ["family", "number", "name", "description"]
ITEM_FIELDS = ["text", "kind", "anchors", "translations", "order"]
PART_FIELDS = ["key", "name", "translations", "order"]  # of a category and a theme


def _key(name: str, taken) -> str:
    base = slugify(name)[:50] or "part"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def instrument_create(*, actor, data: dict) -> Instrument:
    name = (data.get("name") or "").strip()
    family = slugify(data.get("family") or name)[:60]
    if not family:
        raise ValidationError({"name": _("Give the instrument a name.")})
    if Instrument.objects.filter(family=family).exists():
        raise ValidationError(
            {
                "name": _("An instrument “%(family)s” exists already: edit it instead.")
                % {"family": family}
            }
        )
    instrument = Instrument(
        family=family,
        number=1,
        name=name,
        description=data.get("description", ""),
        created_by=actor,
    )
    instrument.full_clean()
    instrument.save()
    audit.record_create(actor=actor, obj=instrument, fields=INSTRUMENT_FIELDS)
    return instrument


@transaction.atomic
def instrument_install_default(*, actor=None) -> Instrument:
    """Create Accord's default instrument (once); returns its current version."""
    existing = Instrument.objects.filter(family=default_instrument.FAMILY).current().first()
    if existing:
        return existing
    instrument = Instrument.objects.create(
        family=default_instrument.FAMILY,
        number=1,
        name=default_instrument.NAME,
        description=default_instrument.DESCRIPTION,
        translations=default_instrument.TRANSLATIONS,
        created_by=actor,
    )
    for c_order, c in enumerate(default_instrument.CATEGORIES):
        category = Category.objects.create(
            instrument=instrument,
            key=c["key"],
            name=c["name"],
            translations=c.get("translations", {}),
            order=c_order,
        )
        for t_order, t in enumerate(c["themes"]):
            theme = Theme.objects.create(
                category=category,
                key=t["key"],
                name=t["name"],
                translations=t.get("translations", {}),
                order=t_order,
            )
            Item.objects.bulk_create(
                Item(
                    theme=theme,
                    kind=i["kind"],
                    text=i["text"],
                    anchors=i.get("anchors") or {},
                    translations=i.get("translations", {}),
                    order=order,
                )
                for order, i in enumerate(t["items"])
            )
    audit.record_create(actor=actor, obj=instrument, fields=INSTRUMENT_FIELDS)
    return instrument


def _copy(ids: dict, kind: str, part, fields: list[str], **parent):
    """A copy of one part of an instrument (its `fields`) under its new parent; `ids[kind]` maps
    the old id to the new one."""
    new = type(part).objects.create(**parent, **{name: getattr(part, name) for name in fields})
    ids[kind][part.pk] = new.pk
    return new


def _new_version(actor, instrument: Instrument) -> tuple[Instrument, dict]:
    """A copy of an instrument in use as its next version; returns it and old→new id maps."""
    number = Instrument.objects.filter(family=instrument.family).aggregate(n=Max("number"))["n"] + 1
    copy = Instrument.objects.create(
        family=instrument.family,
        number=number,
        name=instrument.name,
        description=instrument.description,
        translations=instrument.translations,
        created_by=actor,
        derived_from=instrument,
    )
    ids = {"category": {}, "theme": {}, "item": {}}
    for category in instrument.structure():
        new_category = _copy(ids, "category", category, PART_FIELDS, instrument=copy)
        for theme in category.themes.all():
            new_theme = _copy(ids, "theme", theme, PART_FIELDS, category=new_category)
            for item in theme.items.all():
                _copy(ids, "item", item, ITEM_FIELDS, theme=new_theme)
    audit.record_create(
        actor=actor,
        obj=copy,
        fields=INSTRUMENT_FIELDS,
        reason=f"New version of {instrument}: the earlier version is used by a wave.",
    )
    return copy, ids


def _editable(actor, instrument: Instrument, kind: str, pk: int | None):
    """The instrument to change (a new version if this one is in use) and the part's new id."""
    instrument = lock(Instrument, instrument.pk)
    if Instrument.objects.filter(family=instrument.family, number__gt=instrument.number).exists():
        raise ValidationError(
            {
                "instrument": _(
                    "This is not the newest version of the instrument: edit the newest one."
                )
            }
        )
    if instrument.waves.exists():
        instrument, ids = _new_version(actor, instrument)
        if pk is not None:
            if pk not in ids[kind]:
                raise ValidationError(
                    {kind: _("No such %(kind)s in this instrument.") % {"kind": kind}}
                )
            pk = ids[kind][pk]
    bump(instrument)
    instrument.save()
    return instrument, pk


INSTRUMENT = Entry(Instrument, ["name", "description"])


@transaction.atomic
def instrument_update(
    *, actor, instrument: Instrument, data: dict, expected_version=None
) -> Instrument:
    instrument, before = open_update(INSTRUMENT, instrument, expected_version)
    for name in ("name", "description"):
        if name in data:
            setattr(instrument, name, data[name])
    instrument.full_clean()
    return save_update(INSTRUMENT, instrument, before, actor=actor)


@transaction.atomic
def category_add(*, actor, instrument: Instrument, name: str) -> tuple[Instrument, Category]:
    instrument, _unused = _editable(actor, instrument, "category", None)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the category.")})
    taken = set(instrument.categories.values_list("key", flat=True))
    order = instrument.categories.count()
    category = Category(instrument=instrument, key=_key(name, taken), name=name, order=order)
    category.full_clean()
    category.save()
    audit.record_create(actor=actor, obj=category, fields=["name", "order"])
    return instrument, category


@transaction.atomic
def theme_add(
    *, actor, instrument: Instrument, category_id: int, name: str
) -> tuple[Instrument, Theme]:
    instrument, category_id = _editable(actor, instrument, "category", int(category_id))
    category = instrument.categories.filter(pk=category_id).first()
    if category is None:
        raise ValidationError({"category": _("No such category in this instrument.")})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the theme.")})
    taken = set(Theme.objects.filter(category__instrument=instrument).values_list("key", flat=True))
    theme = Theme(
        category=category, key=_key(name, taken), name=name, order=category.themes.count()
    )
    theme.full_clean()
    theme.save()
    audit.record_create(actor=actor, obj=theme, fields=["name", "order"])
    return instrument, theme


def _clean_item(item: Item) -> None:
    if item.kind not in ItemKind.values:
        raise ValidationError(
            {"kind": _("Choose one of %(items)s.") % {"items": ", ".join(ItemKind.values)}}
        )
    if not (item.text or "").strip():
        raise ValidationError({"text": _("Write the question.")})
    item.full_clean()


@transaction.atomic
def item_add(
    *, actor, instrument: Instrument, theme_id: int, data: dict
) -> tuple[Instrument, Item]:
    instrument, theme_id = _editable(actor, instrument, "theme", int(theme_id))
    theme = Theme.objects.filter(category__instrument=instrument, pk=theme_id).first()
    if theme is None:
        raise ValidationError({"theme": _("No such theme in this instrument.")})
    item = Item(
        theme=theme,
        text=(data.get("text") or "").strip(),
        kind=data.get("kind") or ItemKind.AGREE5,
        anchors=data.get("anchors") or {},
        translations=data.get("translations") or {},
        order=theme.items.count(),
    )
    _clean_item(item)
    item.save()
    audit.record_create(actor=actor, obj=item, fields=ITEM_FIELDS)
    return instrument, item


@transaction.atomic
def item_update(
    *, actor, instrument: Instrument, item_id: int, data: dict
) -> tuple[Instrument, Item]:
    instrument, item_id = _editable(actor, instrument, "item", int(item_id))
    item = Item.objects.filter(theme__category__instrument=instrument, pk=item_id).first()
    if item is None:
        raise ValidationError({"item": _("No such item in this instrument.")})
    before = audit.snapshot(item, ITEM_FIELDS)
    for name in ("text", "kind", "anchors", "translations", "order"):
        if name in data:
            setattr(item, name, data[name])
    if item.kind != ItemKind.SCALE100:
        item.anchors = {} if "anchors" not in data else item.anchors
    if not item.anchors:  # no scale, so no translated descriptions of one
        item.translations = {
            language: {k: v for k, v in texts.items() if k != "anchors"}
            for language, texts in (item.translations or {}).items()
        }
    _clean_item(item)
    item.save()
    audit.record_update(actor=actor, obj=item, before=before)
    return instrument, item


@transaction.atomic
def item_remove(*, actor, instrument: Instrument, item_id: int) -> Instrument:
    instrument, item_id = _editable(actor, instrument, "item", int(item_id))
    item = Item.objects.filter(theme__category__instrument=instrument, pk=item_id).first()
    if item is None:
        raise ValidationError({"item": _("No such item in this instrument.")})
    audit.record_delete(actor=actor, obj=item, fields=ITEM_FIELDS)
    item.delete()
    instrument.updated_at = timezone.now()
    return instrument
