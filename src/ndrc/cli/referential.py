"""``ndrc referentiel [--format md|json|csv]``: the whole référentiel."""

from __future__ import annotations

import json

from ndrc.rules.referential import referential_csv, referential_markdown, referential_to_dict


def run(output_format: str) -> int:
    if output_format == "json":
        print(json.dumps(referential_to_dict(), ensure_ascii=False, indent=2))
    elif output_format == "csv":
        print(referential_csv(), end="")
    else:
        print(referential_markdown())
    return 0
