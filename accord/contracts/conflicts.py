"""Conflict checks across contracts: does a scope overlap a restriction of another agreement?

A scope is what a program, right, restriction or question covers: targets, mechanisms, fields /
indications, territories and a period. Restrictions are stored with normalised scope rows
(RestrictionScope), so the check is one indexed query whatever the portfolio's size, followed
by one query for the reasons of the few restrictions that match. Nothing runs in signals: pages
and the API call these functions when they show a program, right, restriction or agreement,
which is right after every save.

Matching, dimension by dimension (all four must overlap, and the periods must intersect):
- a restriction with no values in a dimension covers all of it ("any target");
- a scope with no values in a dimension (a question that names no mechanism) may be anything,
  so it overlaps;
- targets match on their normalised form ("KRAS G12D (intracellular)" is "kras g12d"), and a
  target family covers its members: a restriction on "KRAS" covers "KRAS G12D" and a program on
  "KRAS" overlaps a restriction on "KRAS G12D";
- fields match a program's indication or its therapeutic area ("Oncology");
- territories overlap when they share a country (Worldwide covers Japan; the EU overlaps Germany).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.portfolio.models import Program, Territory

from .models import (
    Dimension,
    Party,
    Restriction,
    RestrictionScope,
    RestrictionState,
    normalise,
    root_of,
)

BINDING_US = (Party.US, Party.JOINT)
# Between two characters of a normalised key, what `normalise` removed (a regular expression).
LOOSE = "[^0-9a-z]*"
# A program with no target works on no particular target: it meets only restrictions that cover
# any target, rather than every target-specific one (a blank question, by contrast, means "any").
NO_TARGET = "(no specific target)"


@dataclass
class Scope:
    targets: list[str] = field(default_factory=list)
    mechanisms: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    territory_ids: list[int] = field(default_factory=list)
    starts: dt.date | None = None
    ends: dt.date | None = None
    label: str = ""

    @classmethod
    def asked(cls, data: dict) -> Scope:
        """The scope of a "may we…?" question (the page's form or the API's query): a target,
        a mechanism, a field and a territory at most, on one day (today unless given)."""
        on = data.get("on") or timezone.localdate()
        return cls(
            targets=[data["target"]] if data.get("target") else [],
            mechanisms=[data["mechanism"]] if data.get("mechanism") else [],
            fields=[data["field"]] if data.get("field") else [],
            territory_ids=[data["territory"].pk] if data.get("territory") else [],
            starts=on,
            ends=on,
        )


@dataclass
class Overlap:
    restriction: Restriction
    reasons: list[str]

    @property
    def summary(self) -> str:
        return "; ".join(self.reasons)


def program_scope(
    program: Program, *, on: dt.date | None = None, territory_ids: list[int] | None = None
) -> Scope:
    """A program works on its target, by its modality, in its indication and area, where its
    alliance operates (`territory_ids`: the alliance's territories, when already known)."""
    fields = [v for v in (program.indication, getattr(program.therapeutic_area, "name", "")) if v]
    if territory_ids is None:
        territory_ids = list(program.alliance.territories.values_list("pk", flat=True))
    return Scope(
        targets=[program.target] if program.target.strip() else [NO_TARGET],
        mechanisms=[program.get_modality_display()],
        fields=fields,
        territory_ids=territory_ids,
        starts=on or dt.date.today(),
        ends=None,
        label=program.name,
    )


def entry_scope(entry) -> Scope:
    """The scope of a right or a restriction."""
    if isinstance(entry, Restriction):
        starts, ends = entry.starts_on, entry.ends_on
    else:
        starts, ends = entry.window_opens, entry.window_closes
    return Scope(
        targets=entry.target_list(),
        mechanisms=entry.mechanism_list(),
        fields=entry.field_list(),
        territory_ids=[t.pk for t in entry.territories.all()],
        starts=starts,
        ends=ends,
        label=entry.title,
    )


# --- Territories ----------------------------------------------------------------------------


def territory_overlaps(ids: list[int], *, chosen=None) -> dict[int, set[int]] | None:
    """For each territory, every territory sharing a country with it; None if one is worldwide.
    `chosen`: the territories of `ids` by id, when already read."""
    if not ids:
        return {}
    if chosen is None:
        chosen = {t.pk: t for t in Territory.objects.filter(pk__in=ids)}
    if any(t.code == "WW" for t in chosen.values()):
        return None
    through = Territory.countries.through
    members: dict[int, set[int]] = {pk: {pk} for pk in chosen}
    for region_id, country_id in through.objects.filter(
        from_territory_id__in=list(chosen)
    ).values_list("from_territory_id", "to_territory_id"):
        members[region_id].add(country_id)
    countries = set().union(*members.values())
    containing: dict[int, set[int]] = {}
    for region_id, country_id in through.objects.filter(to_territory_id__in=countries).values_list(
        "from_territory_id", "to_territory_id"
    ):
        containing.setdefault(country_id, set()).add(region_id)
    return {
        pk: own | set().union(*(containing.get(c, set()) for c in own))
        for pk, own in members.items()
    }


# --- The check ------------------------------------------------------------------------------


def _target_keys(values: list[str]) -> tuple[set[str], set[str]]:
    keys, families = set(), set()
    for value in values:
        key = normalise(value)
        if not key:
            continue
        keys |= {key, root_of(key)}
        if " " not in key:
            families.add(key)
    return keys, families


def _dimension_hits(scope: Scope, overlaps) -> list[tuple[str, list]]:
    """For each dimension the scope narrows: (the "covers any" flag, the matching scope rows as
    querysets whose union they are, one per index that answers it on its own: an OR of two
    indexes in one query would read the table's rows too)."""
    rows = RestrictionScope.objects.all()
    hits = []
    if scope.targets:
        keys, families = _target_keys(scope.targets)
        targets = rows.filter(dimension=Dimension.TARGET)
        parts = [targets.filter(key__in=keys)]
        if families:
            parts.append(targets.filter(root__in=families))
        hits.append(("any_target", parts))
    if scope.fields:
        keys = {normalise(v) for v in scope.fields}
        hits.append(("any_field", [rows.filter(dimension=Dimension.FIELD, key__in=keys)]))
    if scope.mechanisms:
        keys = {normalise(v) for v in scope.mechanisms}
        hits.append(("any_mechanism", [rows.filter(dimension=Dimension.MECHANISM, key__in=keys)]))
    if overlaps:
        ids = set().union(*overlaps.values())
        hits.append(
            ("any_territory", [rows.filter(dimension=Dimension.TERRITORY, territory_id__in=ids)])
        )
    return hits


def matching_restrictions(
    scope: Scope,
    *,
    exclude_alliance_id: int | None = None,
    exclude_restriction_id: int | None = None,
    binding_us_only: bool = True,
    overlaps=...,
):
    """The restrictions in force whose scope overlaps `scope`, as a queryset.

    The most selective dimension the scope names (targets first) drives the query: its matching
    scope rows, plus the few restrictions covering any value of it, are read through their
    indexes first, so the database never walks every restriction of the portfolio.
    """
    if overlaps is ...:  # not worked out by the caller already
        overlaps = territory_overlaps(scope.territory_ids) if scope.territory_ids else None
    hits = _dimension_hits(scope, overlaps)
    qs = Restriction.objects.filter(state=RestrictionState.ACTIVE)
    if hits:
        flag, driving = hits[0]
        # "__in=[True]" rather than "=True", which SQLite writes as a bare column no index serves.
        covering_all = Restriction.objects.filter(
            **{f"{flag}__in": [True]}, state=RestrictionState.ACTIVE
        )
        parts = [part.order_by().values("restriction_id") for part in driving]
        candidates = parts[0].union(*parts[1:], covering_all.order_by().values("pk"))
        qs = qs.filter(pk__in=candidates)
        for flag, matching in hits[1:]:
            found = Q(**{flag: True})
            for part in matching:
                found |= Q(pk__in=part.values("restriction_id"))
            qs = qs.filter(found)
    if binding_us_only:
        qs = qs.filter(bound__in=BINDING_US)
    if exclude_alliance_id:
        qs = qs.exclude(alliance_id=exclude_alliance_id)
    if exclude_restriction_id:
        qs = qs.exclude(pk=exclude_restriction_id)
    if scope.ends:
        qs = qs.filter(starts_on__lte=scope.ends)
    if scope.starts:
        qs = qs.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=scope.starts))
    return qs, overlaps


def find_overlaps(scope: Scope, **kwargs) -> list[Overlap]:
    """Every restriction of another agreement that `scope` runs into (the first 200), each with
    its reasons."""
    return first_overlaps(scope, None, **kwargs)[0]


def first_overlaps(scope: Scope, shown: int | None, **kwargs) -> tuple[list[Overlap], int]:
    """The first `shown` of the restrictions `find_overlaps` finds (all with None), each with its
    reasons, and how many it finds (at most 200): a page that lists fifty reads fifty."""
    qs, overlaps = matching_restrictions(scope, **kwargs)
    ordered = qs.order_by("starts_on", "pk")
    ids = list(ordered.values_list("pk", flat=True)[:200])
    if not ids:
        return [], 0
    wanted = ids if shown is None else ids[:shown]
    loaded = Restriction.objects.select_related("agreement", "alliance").in_bulk(wanted)
    restrictions = [loaded[pk] for pk in wanted]
    by_restriction: dict[int, list[RestrictionScope]] = {}
    for row in RestrictionScope.objects.filter(restriction_id__in=wanted).select_related(
        "territory"
    ):
        by_restriction.setdefault(row.restriction_id, []).append(row)
    territory_names = dict(
        Territory.objects.filter(pk__in=scope.territory_ids).values_list("pk", "name")
    )
    found = [
        Overlap(r, _reasons(r, by_restriction.get(r.pk, []), scope, overlaps, territory_names))
        for r in restrictions
    ]
    return found, len(ids)


def programs_overlaps(programs, *, on: dt.date, territories=None) -> dict[int, list[Overlap]]:
    """`find_overlaps(program_scope(p), exclude_alliance_id=p.alliance_id)` for many programs at
    once, keyed by program id: a fixed number of queries per alliance, whatever the number of
    programs. One query finds every restriction that could concern any of them (the union of
    their targets, fields and mechanisms, in their alliance's territories and in force); each
    program then keeps those whose scope rows (read in one more query) match its own scope, by
    the same rules as `matching_restrictions`.

    `territories`: each alliance's territories ({alliance id: [Territory]}), when already read.
    """
    programs = list(programs)
    by_alliance: dict[int, list[Program]] = {}
    for program in programs:
        by_alliance.setdefault(program.alliance_id, []).append(program)
    if territories is None:
        territories = {alliance_id: [] for alliance_id in by_alliance}
        through = Territory.alliances.through
        for link in through.objects.filter(alliance_id__in=list(by_alliance)).select_related(
            "territory"
        ):
            territories[link.alliance_id].append(link.territory)
    found: dict[int, list[Overlap]] = {}
    for alliance_id, members in by_alliance.items():
        chosen = {t.pk: t for t in territories.get(alliance_id, [])}
        scopes = {p.pk: program_scope(p, on=on, territory_ids=list(chosen)) for p in members}
        found.update(_overlaps_of_scopes(scopes, chosen, alliance_id, on))
    return found


def _overlaps_of_scopes(scopes: dict[int, Scope], chosen: dict, alliance_id, on):
    """Scopes sharing territories, a start date (no end) and the alliance they exclude."""
    territory_ids = list(chosen)
    overlaps = territory_overlaps(territory_ids, chosen=chosen) if territory_ids else None
    union = Scope(
        targets=[t for s in scopes.values() for t in s.targets],
        # A scope that names no field (or mechanism) may meet any: then the union does not narrow.
        fields=(
            [f for s in scopes.values() for f in s.fields]
            if all(s.fields for s in scopes.values())
            else []
        ),
        mechanisms=(
            [m for s in scopes.values() for m in s.mechanisms]
            if all(s.mechanisms for s in scopes.values())
            else []
        ),
        territory_ids=territory_ids,
        starts=on,
    )
    qs, _ = matching_restrictions(union, exclude_alliance_id=alliance_id, overlaps=overlaps)
    candidates = list(qs.select_related("agreement", "alliance").order_by("starts_on", "pk"))
    if not candidates:
        return {pk: [] for pk in scopes}
    rows_of: dict[int, list[RestrictionScope]] = {}
    # By the candidates' ids: the database does not work the candidates out a second time.
    for row in RestrictionScope.objects.filter(
        restriction_id__in=[r.pk for r in candidates]
    ).select_related("territory"):
        rows_of.setdefault(row.restriction_id, []).append(row)
    territory_names = {pk: territory.name for pk, territory in chosen.items()}
    territory_keys = set().union(*overlaps.values()) if overlaps else None
    result = {}
    for pk, scope in scopes.items():
        hits = [
            r for r in candidates if _scope_meets(scope, r, rows_of.get(r.pk, []), territory_keys)
        ][:200]
        result[pk] = [
            Overlap(r, _reasons(r, rows_of.get(r.pk, []), scope, overlaps, territory_names))
            for r in hits
        ]
    return result


def _scope_meets(scope: Scope, restriction, rows, territory_keys) -> bool:
    """In Python, what `matching_restrictions` asks the database (state, party, alliance and
    period are already filtered by the candidates' query)."""

    def dimension(flag: str, dim, test) -> bool:
        return getattr(restriction, flag) or any(test(row) for row in rows if row.dimension == dim)

    if scope.targets:
        keys, families = _target_keys(scope.targets)
        if not dimension(
            "any_target", Dimension.TARGET, lambda row: row.key in keys or row.root in families
        ):
            return False
    if scope.fields:
        keys = {normalise(v) for v in scope.fields}
        if not dimension("any_field", Dimension.FIELD, lambda row: row.key in keys):
            return False
    if scope.mechanisms:
        keys = {normalise(v) for v in scope.mechanisms}
        if not dimension("any_mechanism", Dimension.MECHANISM, lambda row: row.key in keys):
            return False
    return territory_keys is None or dimension(
        "any_territory", Dimension.TERRITORY, lambda row: row.territory_id in territory_keys
    )


# "Covers any" per dimension, whole (gettext at call time, in the reader's language).
COVERS_ANY = {
    Dimension.TARGET: lambda: _("target: the restriction covers any target"),
    Dimension.MECHANISM: lambda: _("mechanism: the restriction covers any mechanism"),
    Dimension.FIELD: lambda: _("field / indication: the restriction covers any field / indication"),
}


def _reasons(restriction, rows, scope: Scope, overlaps, territory_names) -> list[str]:
    by_dim: dict[str, list[RestrictionScope]] = {}
    for row in rows:
        by_dim.setdefault(row.dimension, []).append(row)
    reasons = []

    def text_dimension(dim: Dimension, mine: list[str], use_families: bool) -> None:
        theirs = by_dim.get(dim, [])
        noun = str(dim.label).lower()
        if not theirs:
            reasons.append(COVERS_ANY[dim]())
            return
        if not mine:
            reasons.append(
                _("%(dimension)s: %(values)s (not narrowed here)")
                % {"dimension": noun, "values": ", ".join(r.label for r in theirs)}
            )
            return
        pairs = []
        for value in mine:
            key = normalise(value)
            for row in theirs:
                if row.key == key or (
                    use_families
                    and (row.key == root_of(key) or (" " not in key and row.root == key))
                ):
                    pairs.append(
                        _("%(theirs)s covers %(ours)s") % {"theirs": row.label, "ours": value}
                        if row.key != key
                        else f"{value}"
                    )
        reasons.append(
            _("%(dimension)s: %(values)s")
            % {"dimension": noun, "values": ", ".join(dict.fromkeys(pairs))}
        )

    text_dimension(Dimension.TARGET, scope.targets, True)
    text_dimension(Dimension.MECHANISM, scope.mechanisms, False)
    text_dimension(Dimension.FIELD, scope.fields, False)
    theirs = by_dim.get(Dimension.TERRITORY, [])
    if not theirs:
        reasons.append(_("territory: the restriction applies everywhere"))
    elif overlaps is None:
        reasons.append(
            _("territory: %(values)s (ours is worldwide or not narrowed)")
            % {"values": ", ".join(r.label for r in theirs)}
        )
    else:
        pairs = []
        for pk, overlapping in overlaps.items():
            for row in theirs:
                if row.territory_id in overlapping:
                    mine = territory_names.get(pk, "")
                    pairs.append(
                        row.label
                        if row.label == mine
                        else _("%(theirs)s overlaps %(ours)s") % {"theirs": row.label, "ours": mine}
                    )
        reasons.append(_("territory: %(values)s") % {"values": ", ".join(dict.fromkeys(pairs))})
    if restriction.ends_on:
        reasons.append(
            _("period: in force %(start)s to %(end)s")
            % {
                "start": f"{restriction.starts_on:%Y-%m-%d}",
                "end": f"{restriction.ends_on:%Y-%m-%d}",
            }
        )
    else:
        reasons.append(
            _("period: in force %(start)s to open-ended")
            % {"start": f"{restriction.starts_on:%Y-%m-%d}"}
        )
    return reasons


# --- Programs in a scope --------------------------------------------------------------------


def programs_in_scope(scope: Scope, programs) -> list[Program]:
    """Programs (from the queryset given, already scoped to the viewer) working inside `scope`."""
    return first_programs_in_scope(scope, programs, None)[0]


def first_programs_in_scope(scope: Scope, programs, shown: int | None) -> tuple[list, int]:
    """The first `shown` (all with None) of the programs `programs_in_scope` finds, with their
    alliance and therapeutic area, and how many it finds: the candidates are matched on the few
    columns the rules read, and only the programs returned are read whole."""
    keys, _families = _target_keys(scope.targets)
    candidates = programs
    if scope.targets:
        condition = Q()
        for value in scope.targets:
            root = root_of(normalise(value))
            if root:
                # The root without its punctuation ("il23p19"), the target as typed ("IL-23p19").
                condition |= Q(target__iregex=LOOSE.join(re.escape(c) for c in root))
        candidates = candidates.filter(condition)
    if scope.fields:
        condition = Q()
        for value in scope.fields:
            condition |= Q(indication__iexact=value) | Q(therapeutic_area__name__iexact=value)
        candidates = candidates.filter(condition)
    if scope.mechanisms:
        from accord.portfolio.models import Modality

        wanted = {normalise(v) for v in scope.mechanisms}
        candidates = candidates.filter(
            modality__in=[code for code, label in Modality.choices if normalise(label) in wanted]
        )
    field_keys = {normalise(v) for v in scope.fields}
    mechanism_keys = {normalise(v) for v in scope.mechanisms}
    overlaps = territory_overlaps(scope.territory_ids) if scope.territory_ids else None
    rows = list(
        candidates.order_by("alliance__name", "name").values_list(
            "pk", "target", "indication", "therapeutic_area__name", "modality", "alliance_id"
        )[:500]
    )
    territories_of: dict[int, set[int]] = {}
    if overlaps:  # the alliances' territories matter only for a territory asked
        ids = set().union(*overlaps.values())
        for alliance_id, territory_id in Territory.alliances.through.objects.filter(
            alliance_id__in={row[5] for row in rows}
        ).values_list("alliance_id", "territory_id"):
            territories_of.setdefault(alliance_id, set()).add(territory_id)
    modality_labels = dict(Program._meta.get_field("modality").flatchoices)
    found = []
    for pk, target, indication, area, modality, alliance_id in rows:
        key = normalise(target)
        if scope.targets and not (
            key in keys
            or root_of(key) in keys
            or (" " not in key and any(root_of(k) == key for k in keys))
        ):
            continue
        if field_keys and not field_keys & {normalise(indication), normalise(area or "")}:
            continue
        if (
            mechanism_keys
            and normalise(str(modality_labels.get(modality, modality))) not in mechanism_keys
        ):
            continue
        if overlaps:
            territories = territories_of.get(alliance_id, set())
            if territories and not territories & ids:
                continue
        found.append(pk)
    wanted = found if shown is None else found[:shown]
    loaded = Program.objects.select_related("alliance", "therapeutic_area").in_bulk(wanted)
    return [loaded[pk] for pk in wanted], len(found)


def _restriction_scope_rows(restriction: Restriction) -> list[RestrictionScope]:
    rows = []
    for dim, values in (
        (Dimension.TARGET, restriction.target_list()),
        (Dimension.MECHANISM, restriction.mechanism_list()),
        (Dimension.FIELD, restriction.field_list()),
    ):
        for value in values:
            key = normalise(value)
            rows.append(
                RestrictionScope(
                    restriction=restriction,
                    dimension=dim,
                    key=key[:150],
                    root=root_of(key)[:60],
                    label=value[:150],
                )
            )
    for territory in restriction.territories.all():
        rows.append(
            RestrictionScope(
                restriction=restriction,
                dimension=Dimension.TERRITORY,
                territory=territory,
                label=territory.name,
            )
        )
    return rows


def rebuild_scope(restriction: Restriction) -> None:
    """Replace a restriction's normalised scope rows (called by the restriction actions)."""
    RestrictionScope.objects.filter(restriction=restriction).delete()
    rows = _restriction_scope_rows(restriction)
    RestrictionScope.objects.bulk_create(rows)
    dims = {row.dimension for row in rows}
    Restriction.objects.filter(pk=restriction.pk).update(
        any_target=Dimension.TARGET not in dims,
        any_mechanism=Dimension.MECHANISM not in dims,
        any_field=Dimension.FIELD not in dims,
        any_territory=Dimension.TERRITORY not in dims,
    )
    restriction.any_target = Dimension.TARGET not in dims
    restriction.any_mechanism = Dimension.MECHANISM not in dims
    restriction.any_field = Dimension.FIELD not in dims
    restriction.any_territory = Dimension.TERRITORY not in dims
