from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accord.core.locales import (
    in_reader_language,
    translation_languages,
    validate_translations,
)
from accord.core.models import Linked, Named, VersionedModel
from accord.core.visibility import VisibleQuerySet


class ItemKind(models.TextChoices):
    AGREE5 = "agree5", _("Agreement, 1-5")
    SCALE100 = "scale100", _("0-100 with anchored descriptions")
    YESNO = "yesno", _("Yes / no")
    TEXT = "text", _("Free text")


SCORED_KINDS = (ItemKind.AGREE5, ItemKind.SCALE100, ItemKind.YESNO)
AGREE_LABELS = {
    1: _("Strongly disagree"),
    2: _("Disagree"),
    3: _("Neither agree nor disagree"),
    4: _("Agree"),
    5: _("Strongly agree"),
}


def score_of(kind: str, value: int) -> float:
    """Every scored answer on the common 0-100 scale."""
    if kind == ItemKind.AGREE5:
        return (value - 1) * 25.0
    if kind == ItemKind.YESNO:
        return 100.0 if value else 0.0
    return float(value)


def validate_answer(kind: str, value) -> int:
    """The stored integer for an answer, or a ValidationError naming the allowed values."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if kind == ItemKind.AGREE5 and number in AGREE_LABELS:
        return number
    if kind == ItemKind.SCALE100 and number is not None and 0 <= number <= 100:
        return number
    if kind == ItemKind.YESNO:
        if value in (True, "yes", "true", "1", 1):
            return 1
        if value in (False, "no", "false", "0", 0):
            return 0
    raise ValidationError(
        {
            ItemKind.AGREE5: _("Answer with a whole number from 1 to 5."),
            ItemKind.SCALE100: _("Answer with a whole number from 0 to 100."),
            ItemKind.YESNO: _("Answer with yes or no."),
        }[kind]
    )


def translations_field():
    return models.JSONField(
        default=dict,
        blank=True,
        help_text='The texts in other languages: {"ja": {"name": "…"}, "de": {…}}.',
    )


class Translated(models.Model):
    """A part of an instrument whose texts carry their own translations. A respondent reads the
    one in their language; answers and results belong to the part, whatever language it was read in."""

    TRANSLATED: dict[str, type] = {"name": str}

    translations = translations_field()

    class Meta:
        abstract = True

    def shown(self, field: str):
        return in_reader_language(self.translations, field, getattr(self, field))

    @property
    def shown_name(self) -> str:
        return self.shown("name")

    def clean(self):
        self.clean_translations()

    def translated_languages(self) -> list[str]:
        return sorted(self.translations or {})

    def clean_translations(self) -> None:
        try:
            self.translations = validate_translations(self.translations, self.TRANSLATED)
        except ValidationError as error:
            raise ValidationError({"translations": error.messages}) from None


class InstrumentQuerySet(VisibleQuerySet):
    # Instruments are our company's method: staff see them, partners only through a wave.
    visibility = dict(internal_only=True)

    def current(self):
        """The newest version of each instrument family."""
        newer = Instrument.objects.filter(family=OuterRef("family"), number__gt=OuterRef("number"))
        return self.exclude(Exists(newer))


class Instrument(Translated, VersionedModel, Linked):
    """A versioned health questionnaire: categories of themes of items. A wave keeps its version."""

    family = models.SlugField(
        max_length=60, help_text=_("Stays the same across versions, e.g. alliance-health.")
    )
    number = models.PositiveSmallIntegerField("version", default=1)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InstrumentQuerySet.as_manager()

    TRANSLATED = {"name": str, "description": str}

    detail_url = "health:instrument_detail"

    class Meta:
        ordering = ["family", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["family", "number"], name="instrument_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"

    @property
    def shown_description(self) -> str:
        return self.shown("description")

    @property
    def in_use(self) -> bool:
        return self.waves.exists()

    def structure(self):
        """Categories with their themes and items, in order, in three queries."""
        return self.categories.prefetch_related(
            models.Prefetch("themes", queryset=Theme.objects.order_by("order", "pk")),
            models.Prefetch("themes__items", queryset=Item.objects.order_by("order", "pk")),
        ).order_by("order", "pk")

    def items_in_order(self):
        return (
            Item.objects.filter(theme__category__instrument=self)
            .select_related("theme", "theme__category")
            .order_by(*ITEM_ORDER)
        )


class Category(Translated, Named):  # noqa: DJ008 (Named gives __str__)
    """A top-level area of an instrument, e.g. Governance and decision-making."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="categories")
    key = models.SlugField(max_length=60, help_text=_("Matches the category across versions."))
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="category_key_unique"),
        ]


class Theme(Translated, Named):  # noqa: DJ008 (Named gives __str__)
    """A theme within a category, e.g. Trust; the unit of scores, gaps and trends."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="themes")
    key = models.SlugField(max_length=60, help_text=_("Matches the theme across versions."))
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["category", "key"], name="theme_key_unique"),
        ]


# Items in the order of the instrument: by category, then theme, then their own place.
ITEM_ORDER = (
    "theme__category__order",
    "theme__category__pk",
    "theme__order",
    "theme__pk",
    "order",
    "pk",
)


class Item(Translated):
    """One question of an instrument."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(max_length=400)
    kind = models.CharField(max_length=10, choices=ItemKind.choices, default=ItemKind.AGREE5)
    anchors = models.JSONField(
        default=dict,
        blank=True,
        help_text=_(
            'For 0-100 items: descriptions of points on the scale, e.g. {"0": "…", "50": "…", "100": "…"}.'
        ),
    )
    order = models.PositiveSmallIntegerField(default=0)

    TRANSLATED = {"text": str, "anchors": dict}

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def shown_text(self) -> str:
        return self.shown("text")

    def translation_rows(self) -> list[tuple[str, str, dict]]:
        """(language, question, scale descriptions) for every language it may be translated into."""
        return [
            (
                code,
                (self.translations or {}).get(code, {}).get("text", ""),
                (self.translations or {}).get(code, {}).get("anchors", {}),
            )
            for code in translation_languages()
        ]

    def shown_anchor_list(self) -> list[tuple[int, str]]:
        """The scale's descriptions in the reader's language where translated, point by point."""
        translated = in_reader_language(self.translations, "anchors", {})
        return [(point, translated.get(str(point)) or text) for point, text in self.anchor_list()]

    @property
    def is_scored(self) -> bool:
        return self.kind in SCORED_KINDS

    def anchor_list(self) -> list[tuple[int, str]]:
        return sorted((int(k), v) for k, v in (self.anchors or {}).items())

    def clean(self):
        self.clean_translations()
        unknown = set(
            point for texts in self.translations.values() for point in texts.get("anchors", {})
        ) - set(str(k) for k in (self.anchors or {}))
        if unknown:
            raise ValidationError(
                {
                    "translations": "Translated descriptions for points the scale does not have: "
                    + ", ".join(sorted(unknown))
                }
            )
        if self.kind == ItemKind.SCALE100:
            anchors = self.anchors or {}
            if not isinstance(anchors, dict) or len(anchors) < 2:
                raise ValidationError(
                    {
                        "anchors": _(
                            "A 0-100 item needs at least two anchored descriptions (e.g. 0 and 100)."
                        )
                    }
                )
            for key, text in anchors.items():
                if not str(key).isdigit() or not 0 <= int(key) <= 100 or not str(text).strip():
                    raise ValidationError(
                        {
                            "anchors": _(
                                "Anchor %(key)s: use points from 0 to 100, each with a description."
                            )
                            % {"key": repr(key)}
                        }
                    )
        elif self.anchors:
            raise ValidationError({"anchors": _("Only 0-100 items have anchored descriptions.")})
