"""``ndrc conformity FILE``: each candidate's conformity checklist and the commission's list.

``--list-csv OUT`` and ``--list-xlsx OUT`` write the conformity commission's list (one row per
candidate and dossier, with each NV and its cause); ``--as-of DATE`` (default: today) decides
whether a dossier not yet deposited is still due.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from ndrc.exports import table_export
from ndrc.rules.conformity import check_conformity
from ndrc.rules.conformity_input import conformity_input_from_dict
from ndrc.rules.conformity_list import (
    LIST_COLUMNS,
    LIST_HEADERS,
    LIST_TITLE,
    LIST_WIDTHS,
    commission_rows,
)
from ndrc.rules.errors import InvalidCandidate, RegulationError


def write_list(rows: list[dict[str, Any]], path: Path, fmt: str) -> None:
    """The conformity commission's list as CSV or XLSX."""
    path.write_bytes(
        table_export(
            fmt=fmt,
            stem=path.stem,
            title=LIST_TITLE,
            headers=LIST_HEADERS,
            columns=LIST_COLUMNS,
            rows=rows,
            widths=LIST_WIDTHS,
        ).data
    )


def run(
    path: Path, as_json: bool, list_csv: Path | None, list_xlsx: Path | None, as_of: str | None
) -> int:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data if isinstance(data, list) else [data]
        day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
        reports = [check_conformity(conformity_input_from_dict(i), as_of=day) for i in items]
    except (OSError, ValueError, InvalidCandidate, RegulationError, KeyError) as error:
        print(f"ERREUR : {error}", file=sys.stderr)
        return 2
    rows = commission_rows(reports)
    if list_csv:
        write_list(rows, list_csv, "csv")
    if list_xlsx:
        write_list(rows, list_xlsx, "xlsx")
    if as_json:
        print(
            json.dumps(
                {"candidates": [r.to_dict() for r in reports], "commission_list": rows},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print("\n\n".join(r.render_fr() for r in reports))
    nv = [r for r in rows if r["outcome"] == "nv"]
    print()
    print(f"Commission de conformité : {len(rows)} dossier(s), {len(nv)} NV")
    for row in nv:
        print(f"  NV {row['id']} {row['name']} {row['exam']} : {row['nv_causes']}")
    return 0
