"""``ndrc deliberate FILE [--json|--csv]`` and ``ndrc explain FILE --candidate ID``.

FILE is JSON (one candidate or a list), CSV (UTF-8, comma or semicolon) or XLSX (first
sheet); the formats are in docs/results-format.md.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

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

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def _rows_from_csv(path: Path) -> list[dict[str, Any]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidCandidate(
            f"{path.name} n'est pas encodé en UTF-8 : enregistrez le fichier en « CSV UTF-8 »."
        ) from None
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    return list(csv.DictReader(io.StringIO(text), dialect=dialect))


def _rows_from_xlsx(path: Path) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    return [dict(zip(header, r, strict=False)) for r in rows if any(c is not None for c in r)]


def read_inputs(path: Path) -> list[ResultInput]:
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise InvalidCandidate(f"{path.name} : JSON illisible ({error}).") from None
        items = data if isinstance(data, list) else [data]
        return [result_input_from_dict(item) for item in items]
    if suffix in (".csv", ".txt"):
        rows = _rows_from_csv(path)
    elif suffix == ".xlsx":
        rows = _rows_from_xlsx(path)
    else:
        raise InvalidCandidate(f"{path.name} : format non reconnu (JSON, CSV ou XLSX).")
    return [result_input_from_row(row, line) for line, row in enumerate(rows, start=2)]


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
            (
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
