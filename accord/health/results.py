"""Health survey results: scores, perception gaps and highlights, with anonymity built in.

Everything the pages, the API and the exports show about answers comes from `wave_results()`, so
the anonymity rules are applied in exactly one place:

1. Nothing is shown while a wave is open (so nobody can watch the results move as single answers
   arrive) or when fewer than the threshold (HealthPolicy.anonymity_threshold, default 3) have
   answered.
2. A group (a company's side, or a function within a side) smaller than the threshold is not
   shown.
3. Complementary suppression: the groups of one breakdown add up to their parent, so if the
   groups hidden under a shown parent add up to fewer than the threshold, the next smallest groups
   are hidden too, until the hidden ones together reach the threshold or all are hidden. (A side
   of 4 split 3 + 1 shows neither function; our 5 and a partner's 2 show neither side.)
4. Comments are never tied to a name, are listed in alphabetical order (not the order they
   arrived), and are attributed to a side only when both sides are shown.

Scores are on a 0-100 scale; every scored item is required, so each group's items have the
same number of answers as the group has members, and the database sums them (see _scores).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, OuterRef, Sum
from django.utils.translation import gettext as _

from .models import (
    SCORED_KINDS,
    Answer,
    GapClass,
    HealthPolicy,
    Item,
    ItemKind,
    Side,
    Submission,
    Wave,
    WaveHeadline,
    WaveKind,
)
from .models.instruments import ITEM_ORDER

ALL = "all"


@dataclass
class Group:
    key: str
    label: str
    n: int
    side: str | None = None
    function: str | None = None
    shown: bool = False
    themes: dict[str, float] = field(default_factory=dict)
    categories: dict[str, float] = field(default_factory=dict)
    overall: float | None = None


@dataclass
class Heading:
    key: str
    name: str
    category_key: str = ""
    category_name: str = ""


@dataclass
class Gap:
    key: str
    name: str
    level: str  # "theme" or "category"
    own: float
    partner: float
    gap: float
    klass: str

    @property
    def klass_label(self) -> str:
        return GapClass(self.klass).label


@dataclass
class Comment:
    group: str
    theme: str
    question: str
    text: str


@dataclass
class WaveResult:
    wave: Wave
    available: bool
    reason: str
    threshold: int
    n: int
    groups: list[Group] = field(default_factory=list)
    themes: list[Heading] = field(default_factory=list)
    categories: list[Heading] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    category_gaps: list[Gap] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    highlights: dict[str, list] = field(default_factory=dict)

    def group(self, key: str) -> Group | None:
        return next((g for g in self.groups if g.key == key and g.shown), None)

    @property
    def shown_groups(self) -> list[Group]:
        return [g for g in self.groups if g.shown]

    @property
    def sides_shown(self) -> bool:
        return self.group(Side.OWN) is not None and self.group(Side.PARTNER) is not None


def _round(value: float) -> float:
    return round(value, 1)


def suppress(cells: dict[str, int], threshold: int) -> set[str]:
    """The keys of the cells of one breakdown that may be shown (see rule 3 above)."""
    visible = sorted((n, key) for key, n in cells.items() if n >= threshold)
    hidden_total = sum(n for n in cells.values() if 0 < n < threshold)
    while hidden_total and hidden_total < threshold and visible:
        n, _ = visible.pop(0)
        hidden_total += n
    return {key for _, key in visible}


def _score_total(kind: str, total: int, n: int) -> float:
    """The sum of n answers' 0-100 scores from the sum of their stored values (score_of is linear)."""
    if kind == ItemKind.AGREE5:
        return (total - n) * 25.0
    if kind == ItemKind.YESNO:
        return total * 100.0
    return float(total)


def _scores(tallies: list[dict]) -> tuple[dict, dict, float | None]:
    """A group's mean 0-100 score by theme and category, and overall.

    Every scored item is required, so each respondent answers the same items of a theme: the mean
    of their theme means equals the mean of all the theme's answers, which the database sums.
    """
    themes, categories, overall = (
        defaultdict(lambda: [0.0, 0]),
        defaultdict(lambda: [0.0, 0]),
        [0.0, 0],
    )
    for row in tallies:
        score = _score_total(row["kind"], row["total"], row["n"])
        for bucket in (themes[row["theme"]], categories[row["category"]], overall):
            bucket[0] += score
            bucket[1] += row["n"]
    return (
        {k: _round(t / n) for k, (t, n) in themes.items() if n},
        {k: _round(t / n) for k, (t, n) in categories.items() if n},
        _round(overall[0] / overall[1]) if overall[1] else None,
    )


def _headings(items: list[Item]) -> tuple[list[Heading], list[Heading]]:
    themes, categories = {}, {}
    for item in items:
        if item.kind not in SCORED_KINDS:
            continue
        theme, category = item.theme, item.theme.category
        themes.setdefault(theme.key, Heading(theme.key, theme.name, category.key, category.name))
        categories.setdefault(category.key, Heading(category.key, category.name))
    return list(themes.values()), list(categories.values())


@dataclass
class WaveData:
    """What results are computed from: group sizes, summed answers by theme, and comments."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (side, function) → n
    tallies: list[dict] = field(default_factory=list)
    texts: list[dict] = field(default_factory=list)


def load_rows(waves: list[Wave]) -> tuple[dict[int, WaveData], dict[int, list[Item]]]:
    """Group sizes, answer sums and comments of the given waves, and their instruments' items,
    in four queries whatever the number of waves or answers."""
    data: dict[int, WaveData] = defaultdict(WaveData)
    wave_ids = [w.pk for w in waves]
    for row in (
        Submission.objects.filter(wave_id__in=wave_ids)
        .values("wave_id", "side", "function")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        data[row["wave_id"]].counts[(row["side"], row["function"])] = row["n"]
    for row in (
        Answer.objects.filter(submission__wave_id__in=wave_ids, value__isnull=False)
        .values(
            wave=F("submission__wave_id"),
            side=F("submission__side"),
            function=F("submission__function"),
            theme=F("item__theme__key"),
            category=F("item__theme__category__key"),
            kind=F("item__kind"),
        )
        .annotate(total=Sum("value"), n=Count("pk"))
        .order_by()
    ):
        data[row["wave"]].tallies.append(row)
    for row in (
        Answer.objects.filter(submission__wave_id__in=wave_ids, value__isnull=True)
        .exclude(text="")
        .values("text", "item_id", wave=F("submission__wave_id"), side=F("submission__side"))
        .order_by()
    ):
        data[row["wave"]].texts.append(row)
    instruments = {w.instrument_id for w in waves}
    items: dict[int, list[Item]] = defaultdict(list)
    for item in (
        Item.objects.filter(theme__category__instrument_id__in=instruments)
        .select_related("theme", "theme__category")
        .order_by(*ITEM_ORDER)
    ):
        items[item.theme.category.instrument_id].append(item)
    return data, items


def wave_results(wave: Wave, *, policy=None, previous=None) -> WaveResult:
    policy = policy or HealthPolicy.load()
    data, items = load_rows([wave])
    return compute(wave, data[wave.pk], items[wave.instrument_id], policy, previous=previous)


def unavailable_reason(wave: Wave, n: int, threshold: int) -> str:
    """Why a wave shows no results ("" when it does)."""
    if wave.closed_at is None:
        return _(
            "Results are shown once the wave has closed, so nobody can watch them move as "
            "single answers arrive."
        )
    if n < threshold:
        return _(
            "Fewer than %(threshold)s people answered: no results are shown, to protect "
            "their anonymity."
        ) % {"threshold": threshold}
    return ""


def compute(wave: Wave, data: WaveData, items: list[Item], policy, previous=None) -> WaveResult:
    threshold = policy.anonymity_threshold
    by_id = {item.pk: item for item in items}
    n = sum(data.counts.values())
    themes, categories = _headings(items)
    result = WaveResult(
        wave=wave,
        available=False,
        reason="",
        threshold=threshold,
        n=n,
        themes=themes,
        categories=categories,
        items=[i for i in items if i.kind in SCORED_KINDS],
    )
    result.reason = unavailable_reason(wave, n, threshold)
    if result.reason:
        return result
    result.available = True

    def count(side=None, function=None):
        return sum(
            v
            for (s, f), v in data.counts.items()
            if (side is None or s == side) and (function is None or f == function)
        )

    def tallies(side=None, function=None):
        return [
            row
            for row in data.tallies
            if (side is None or row["side"] == side)
            and (function is None or row["function"] == function)
        ]

    groups = [Group(ALL, _("All respondents"), n, shown=True)]
    sides = [Side.OWN, Side.PARTNER] if wave.kind == WaveKind.JOINT else [Side.OWN]
    side_counts = {side: count(side) for side in sides}
    shown_sides = suppress(side_counts, threshold)
    for side in sides:
        label = _("Our company") if side == Side.OWN else _("Partner")
        groups.append(
            Group(str(side), label, side_counts[side], side=str(side), shown=side in shown_sides)
        )
        functions = sorted({f for s, f in data.counts if s == side})
        counts = {f: count(side, f) for f in functions}
        shown_functions = suppress(counts, threshold) if side in shown_sides else set()
        for function in functions:
            groups.append(
                Group(
                    f"{side}:{function}",
                    f"{label} – {function}",
                    counts[function],
                    side=str(side),
                    function=function,
                    shown=function in shown_functions,
                )
            )
    for group in groups:
        if group.shown:
            group.themes, group.categories, group.overall = _scores(
                tallies(group.side, group.function)
            )
    result.groups = groups

    own, partner = result.group(Side.OWN), result.group(Side.PARTNER)
    if own and partner:
        result.gaps = _gaps(themes, own.themes, partner.themes, "theme", policy)
        result.category_gaps = _gaps(
            categories, own.categories, partner.categories, "category", policy
        )
    both_sides = own is not None and (partner is not None or wave.kind != WaveKind.JOINT)
    result.comments = sorted(
        (
            Comment(
                group=(_("Our company") if row["side"] == Side.OWN else _("Partner"))
                if both_sides
                else _("All respondents"),
                theme=by_id[row["item_id"]].theme.name,
                question=by_id[row["item_id"]].text,
                text=row["text"].strip(),
            )
            for row in data.texts
            if row["item_id"] in by_id and row["text"].strip()
        ),
        key=lambda c: (c.theme, c.question, c.text.lower()),
    )
    result.highlights = highlights(result, policy, previous)
    return result


def _gaps(headings, own: dict, partner: dict, level: str, policy) -> list[Gap]:
    gaps = []
    for heading in headings:
        if heading.key in own and heading.key in partner:
            gap = _round(abs(own[heading.key] - partner[heading.key]))
            gaps.append(
                Gap(
                    heading.key,
                    heading.name,
                    level,
                    own[heading.key],
                    partner[heading.key],
                    gap,
                    policy.classify_gap(gap),
                )
            )
    return gaps


def highlights(result: WaveResult, policy, previous: WaveResult | None) -> dict[str, list]:
    """Largest perception gaps, biggest drops since the previous wave, lowest themes."""
    overall = result.group(ALL).themes
    names = {h.key: h.name for h in result.themes}
    largest = sorted(
        (g for g in result.gaps if g.klass != GapClass.ALIGNED), key=lambda g: (-g.gap, g.name)
    )[:3]
    drops = []
    if previous is not None and previous.available:
        before = previous.group(ALL).themes
        for key, score in overall.items():
            if key in before and before[key] - score >= float(policy.drop_alert):
                drops.append(
                    {
                        "key": key,
                        "name": names[key],
                        "before": before[key],
                        "after": score,
                        "change": _round(score - before[key]),
                    }
                )
        drops.sort(key=lambda d: (d["change"], d["name"]))
    lowest = [
        {"key": key, "name": names[key], "score": score}
        for key, score in sorted(overall.items(), key=lambda kv: (kv[1], names[kv[0]]))[:3]
    ]
    return {"largest_gaps": largest, "biggest_drops": drops[:3], "lowest_themes": lowest}


def previous_closed(wave: Wave) -> Wave | None:
    return (
        Wave.objects.closed()
        .filter(alliance_id=wave.alliance_id, kind=wave.kind, opens_on__lt=wave.opens_on)
        .order_by("-opens_on", "-pk")
        .first()
    )


def alliance_trend(alliance, user, *, kind=WaveKind.JOINT, policy=None) -> list[WaveResult]:
    """The results of the alliance's closed waves, oldest first, in a fixed number of queries."""
    policy = policy or HealthPolicy.load()
    waves = list(
        Wave.objects.visible_to(user)
        .closed()
        .filter(alliance=alliance, kind=kind)
        .select_related("alliance")
        .order_by("opens_on", "pk")
    )
    rows, items = load_rows(waves)
    results, previous = [], None
    for wave in waves:
        result = compute(wave, rows[wave.pk], items[wave.instrument_id], policy, previous)
        results.append(result)
        previous = result
    return results


def headline_result(wave: Wave, policy=None) -> WaveResult:
    """One closed wave's headline (see `headline_results`) with its highlights apart from the
    drops since the previous wave: the largest gaps and lowest themes, as the full results give
    them. What the alliance overview shows without reading the wave's answers."""
    policy = policy or HealthPolicy.load()
    result = headline_results([wave], policy)[wave.pk]
    if result.available:
        result.highlights = highlights(result, policy, None)
    return result


def latest_results(waves_qs, policy=None) -> list[WaveResult]:
    """The headline results (see `headline_results`) of the latest closed wave of each alliance
    in the queryset, by alliance name: what the heatmap shows."""
    policy = policy or HealthPolicy.load()
    latest = {}
    for wave in (
        waves_qs.closed().select_related("alliance").order_by("alliance_id", "-opens_on", "-pk")
    ):
        latest.setdefault(wave.alliance_id, wave)
    waves = sorted(latest.values(), key=lambda w: w.alliance.name)
    results = headline_results(waves, policy)
    return [results[w.pk] for w in waves]


def unavailable_headlines(policy):
    """The stored headlines, under the rules in force, of waves whose results cannot be shown
    (too few answered), for `Exists(...)` against a wave: waves not stored yet are not among
    them (`headline_results` works them out and says)."""
    return WaveHeadline.objects.filter(
        wave_id=OuterRef("pk"), policy_key=policy_key(policy), available=False
    )


# --- Stored headline results ---------------------------------------------------------------
# A closed wave's answers never change, so its results change only when the rules do. The
# heatmap, its export and API, and the dashboard need only the headline (all respondents' scores
# by theme and perception gaps) of hundreds of waves: computed once when the wave closes (a job),
# kept in WaveHeadline with its rules, recomputed when they change (and daily as a safety net).


def policy_key(policy) -> str:
    """The rules a headline depends on: the anonymity threshold and the gap classes. The same
    rules give the same key however the numbers are held: a policy just created holds
    Decimal("5"), the same policy read back from the database Decimal("5.0")."""
    gaps = "/".join(
        f"{Decimal(str(value)).normalize():f}"
        for value in (policy.gap_minor, policy.gap_significant, policy.gap_critical)
    )
    return f"anonymity={int(policy.anonymity_threshold)};gaps={gaps}"


def headline_of(result: WaveResult, key: str) -> WaveHeadline:
    overall = result.group(ALL) if result.available else None
    return WaveHeadline(
        wave=result.wave,
        policy_key=key,
        available=result.available,
        n=result.n,
        overall=overall.overall if overall else None,
        themes=[
            [h.key, h.name, overall.themes.get(h.key) if overall else None] for h in result.themes
        ],
        gaps=[[g.key, g.name, g.own, g.partner, g.gap, str(g.klass)] for g in result.gaps],
    )


def from_headline(wave: Wave, headline: WaveHeadline, threshold: int) -> WaveResult:
    """A WaveResult holding only the headline: the all-respondents group and the theme gaps."""
    result = WaveResult(
        wave=wave,
        available=headline.available,
        reason="" if headline.available else unavailable_reason(wave, headline.n, threshold),
        threshold=threshold,
        n=headline.n,
        themes=[Heading(key, name) for key, name, _ in headline.themes],
    )
    if headline.available:
        result.groups = [
            Group(
                ALL,
                _("All respondents"),
                headline.n,
                shown=True,
                themes={key: score for key, _, score in headline.themes if score is not None},
                overall=headline.overall,
            )
        ]
        result.gaps = [
            Gap(k, name, "theme", own, partner, gap, klass)
            for k, name, own, partner, gap, klass in headline.gaps
        ]
    return result


def headline_results(waves: list[Wave], policy=None) -> dict[int, WaveResult]:
    """Headline results of closed waves, by wave id, read from storage. A wave whose headline is
    missing or was computed under other rules is computed here, the same way (and stored by the
    job, not by this read)."""
    policy = policy or HealthPolicy.load()
    key = policy_key(policy)
    stored = {
        h.wave_id: h
        for h in WaveHeadline.objects.filter(wave_id__in=[w.pk for w in waves], policy_key=key)
    }
    results = {
        w.pk: from_headline(w, stored[w.pk], policy.anonymity_threshold)
        for w in waves
        if w.pk in stored
    }
    missing = [w for w in waves if w.pk not in stored]
    if missing:
        rows, items = load_rows(missing)
        for wave in missing:
            full = compute(wave, rows[wave.pk], items[wave.instrument_id], policy)
            results[wave.pk] = from_headline(
                wave, headline_of(full, key), policy.anonymity_threshold
            )
    return results


def headline_overalls(waves: list[Wave], policy=None) -> dict[int, float | None]:
    """The overall score of each closed wave (None where too few answered to show one), by
    wave id: what the heatmap rows of the dashboard show. Read from the stored headlines
    without decoding their themes and gaps; a missing or stale one is computed as in
    `headline_results`."""
    policy = policy or HealthPolicy.load()
    stored = dict(
        WaveHeadline.objects.filter(
            wave_id__in=[w.pk for w in waves], policy_key=policy_key(policy)
        ).values_list("wave_id", "overall")
    )
    missing = [w for w in waves if w.pk not in stored]
    if missing:
        for pk, result in headline_results(missing, policy).items():
            overall = result.group(ALL) if result.available else None
            stored[pk] = overall.overall if overall else None
    return stored


def headline_overalls_by_id(wave_ids: list[int], policy=None) -> dict[int, float | None]:
    """`headline_overalls` of closed waves given by id: the stored ones read without loading a
    wave, the few missing or stale ones loaded and computed."""
    policy = policy or HealthPolicy.load()
    stored = dict(
        WaveHeadline.objects.filter(
            wave_id__in=wave_ids, policy_key=policy_key(policy)
        ).values_list("wave_id", "overall")
    )
    missing = [pk for pk in wave_ids if pk not in stored]
    if missing:
        waves = list(Wave.objects.filter(pk__in=missing).select_related("alliance"))
        stored.update(headline_overalls(waves, policy))
    return stored


def store_headlines(waves, policy=None, batch: int = 200) -> int:
    """Compute and keep the headlines of the given closed waves; returns how many were stored."""
    from accord.core import freshness

    policy = policy or HealthPolicy.load()
    key = policy_key(policy)
    waves = [w for w in waves if w.closed_at is not None]
    for start in range(0, len(waves), batch):
        chunk = waves[start : start + batch]
        rows, items = load_rows(chunk)
        headlines = [
            headline_of(compute(w, rows[w.pk], items[w.instrument_id], policy), key) for w in chunk
        ]
        with transaction.atomic():
            WaveHeadline.objects.filter(wave__in=chunk).delete()
            WaveHeadline.objects.bulk_create(headlines)
            freshness.moved()  # pages kept with the headlines these replace are built afresh
    return len(waves)


def store_stale_headlines(policy=None) -> int:
    """Store the headline of every closed wave that has none, or one computed under other rules."""
    policy = policy or HealthPolicy.load()
    current = WaveHeadline.objects.filter(policy_key=policy_key(policy)).values("wave_id")
    return store_headlines(list(Wave.objects.closed().exclude(pk__in=current)), policy)
