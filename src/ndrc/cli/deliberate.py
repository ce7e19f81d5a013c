"""``ndrc deliberate FILE [--json|--csv]`` and ``ndrc explain FILE --candidate ID``.

FILE is JSON (one candidate or a list), CSV or XLSX (first sheet), the tables being read by
``ndrc.tables`` as the web import reads them (CSV in UTF-8, Windows-1252 or latin-1; comma,
semicolon or tab); the formats are in docs/results-format.md.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ndrc.exports import csv_cell
from ndrc.rules.errors import InvalidCandidate, RegulationError
from ndrc.rules.result_input import result_input_from_dict, result_input_from_row
from ndrc.rules.results import (
    Decision,
    Result,
    ResultInput,
    deliberate,
    deliberate_all,
    display_average,
    pass_rate,
)
from ndrc.tables import CSV_SUFFIXES, XLSX_SUFFIXES, TableError, read_table

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def read_inputs(path: Path) -> list[ResultInput]:
    """The candidates of a results file: JSON, or a table read by ``ndrc.tables`` (CSV or
    XLSX, one row per candidate; errors name the line of the file)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise InvalidCandidate(f"{path.name} : JSON illisible ({error}).") from None
        items = data if isinstance(data, list) else [data]
        return [result_input_from_dict(item) for item in items]
    if suffix not in (*CSV_SUFFIXES, *XLSX_SUFFIXES):
        raise InvalidCandidate(f"{path.name} : format non reconnu (JSON, CSV ou XLSX).")
    try:
        table = read_table(path.name, path.read_bytes())
    except TableError as error:
        raise InvalidCandidate(f"{path.name} : {error}") from None
    try:
        return [result_input_from_row(row, line) for line, row in table.records()]
    except InvalidCandidate as error:
        if not table.encoding_guessed:
            raise
        raise InvalidCandidate(
            f"{error} (fichier lu en {table.described} : si des lettres accentuées sont mal "
            "lues, enregistrez-le en « CSV UTF-8 ».)"
        ) from None


def summary(results: list[Result]) -> dict[str, Any]:
    counts = Counter(r.decision for r in results)
    rate = pass_rate(counts)
    return {
        "candidates": len(results),
        "by_decision": {d.value: counts.get(d, 0) for d in Decision},
        "pass_rate": None if rate is None else round(float(rate), 4),
    }


CSV_COLUMNS = ("id", "name", "session", "decision", "decision_label", "average", "missing")


def _print_csv(results: list[Result]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(CSV_COLUMNS)
    for r in results:
        writer.writerow(
            csv_cell(value)
            for value in (
                r.candidate.identifier,
                r.candidate.name,
                r.session,
                r.decision.value,
                r.decision.label_fr,
                "" if r.average is None else display_average(r.average, r.session),
                " ; ".join((*r.blocking, *r.missing)),
            )
        )


def _print_text(results: list[Result]) -> None:
    for r in results:
        average = "—" if r.average is None else display_average(r.average, r.session)
        detail = " ; ".join((*r.blocking, *r.missing))
        print(
            f"{r.candidate.identifier or '?':<14} {r.candidate.name[:28]:<28} "
            f"{average:>8}  {r.decision.label_fr}" + (f" — {detail}" if detail else "")
        )
    stats = summary(results)
    print()
    print(f"{stats['candidates']} candidat(s)")
    for decision in Decision:
        if stats["by_decision"][decision.value]:
            print(f"  {decision.label_fr} : {stats['by_decision'][decision.value]}")
    rate = stats["pass_rate"]
    print(
        "  Taux de réussite : "
        + ("—" if rate is None else f"{rate * 100:.1f} %".replace(".", ","))
        + " (admis / candidats dont la décision est définitive)"
    )


def _load(path: Path) -> list[ResultInput] | None:
    try:
        return read_inputs(path)
    except (OSError, InvalidCandidate, RegulationError, ValueError, KeyError) as error:
        print(f"ERREUR : {error}", file=sys.stderr)
        return None


def run_deliberate(path: Path, output: str) -> int:
    inputs = _load(path)
    if inputs is None:
        return EXIT_BAD_INPUT
    try:
        results = deliberate_all(inputs)
    except RegulationError as error:
        print(f"ERREUR : {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if output == "json":
        print(
            json.dumps(
                {"results": [r.to_dict() for r in results], "summary": summary(results)},
                ensure_ascii=False,
                indent=2,
            )
        )
    elif output == "csv":
        _print_csv(results)
    else:
        _print_text(results)
    return EXIT_OK


def run_explain(path: Path, candidate_id: str, as_json: bool) -> int:
    inputs = _load(path)
    if inputs is None:
        return EXIT_BAD_INPUT
    chosen = [i for i in inputs if i.candidate.identifier == candidate_id]
    if not chosen:
        print(f"ERREUR : aucun candidat « {candidate_id} » dans {path.name}.", file=sys.stderr)
        return EXIT_BAD_INPUT
    result = deliberate(chosen[0])
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.explanation_fr())
    return EXIT_OK
