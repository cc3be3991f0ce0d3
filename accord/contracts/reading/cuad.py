"""Reading a CUAD-style folder: index.csv, contracts/*.txt and (optionally) labels.csv.

CUAD v1: Hendrycks, Burns, Chen & Ball, "CUAD: An Expert-Annotated NLP Dataset for Legal
Contract Review", NeurIPS 2021 Datasets and Benchmarks; dataset by The Atticus Project, CC BY 4.0.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Contract:
    name: str  # the txt file's base name
    text: str
    has: dict[str, bool] = field(default_factory=dict)  # index.csv's has:<category>
    # labels.csv offsets: a label with omitted parts gives one range per part (`segments`)
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    clauses: dict[str, list[str]] = field(default_factory=dict)  # labels.csv clause texts


class CuadError(ValueError):
    pass


def base_name(txt_file: str) -> str:
    return txt_file.replace("\\", "/").rsplit("/", 1)[-1]


def categories(root: Path) -> list[str]:
    with (Path(root) / "index.csv").open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle), [])
    return [column[4:] for column in header if column.startswith("has:")]


def load(root, *, names: set[str] | None = None) -> list[Contract]:
    """The folder's contracts in index order (those whose text file exists), with their labels."""
    root = Path(root)
    if not (root / "index.csv").is_file():
        raise CuadError(f"No index.csv in {root}.")
    if not (root / "contracts").is_dir():
        raise CuadError(f"No contracts/ folder in {root}.")
    contracts: dict[str, Contract] = {}
    with (root / "index.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if "txt_file" not in row:
                raise CuadError(f"{root}/index.csv has no txt_file column.")
            name = base_name(row["txt_file"])
            if names is not None and name not in names:
                continue
            path = root / "contracts" / name
            if not path.is_file():
                continue
            has = {
                k[4:]: v.strip() in ("1", "True", "true")
                for k, v in row.items()
                if k.startswith("has:")
            }
            text = path.read_text(encoding="utf-8", errors="replace")
            contracts[name] = Contract(name, text, has)
    labels = root / "labels.csv"
    if labels.is_file():
        with labels.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                contract = contracts.get(base_name(row["txt_file"]))
                if contract is None:
                    continue
                category = row["category"]
                contract.clauses.setdefault(category, []).append(
                    row["clause_text"].replace("<omitted>", " ")
                )
                start, end = int(row["start"] or -1), int(row["end"] or -1)
                if 0 <= start < end:
                    contract.spans.setdefault(category, []).extend(
                        segments(contract.text, row["clause_text"], start, end)
                    )
    return list(contracts.values())


def segments(text: str, clause_text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The character ranges a label covers. A label with omitted parts ("... <omitted> ...")
    spans from its first part's start to its last part's end, with unlabelled text between:
    each part is found in order within that range and is a span of its own. A label whose
    parts are not all found there is kept whole."""
    parts = [part.strip() for part in clause_text.split("<omitted>") if part.strip()]
    if len(parts) < 2:
        return [(start, end)]
    found, at = [], start
    for part in parts:
        i = text.find(part, at, end + 1)
        if i < 0:
            return [(start, end)]
        found.append((i, i + len(part)))
        at = i + len(part)
    return found
