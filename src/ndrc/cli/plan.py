"""``ndrc plan FILE.json [--json]``: a candidate's exam plan for a session."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from ndrc.rules.candidate import candidate_from_dict
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.exam_plan import exam_plan, render_plan_fr
from ndrc.schemas import schema

EXIT_OK, EXIT_REGISTRATION_ERRORS, EXIT_BAD_INPUT = 0, 1, 2


def validation_errors(data: Any) -> list[str]:
    validator = Draft202012Validator(schema("candidate"))
    messages = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(racine)"
        messages.append(f"{where} : {error.message}")
    return messages


def read_candidates(path: Path) -> list[Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else [data]


def run(path: Path, as_json: bool) -> int:
    try:
        candidates = read_candidates(path)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        print(f"ERREUR : lecture de {path} impossible : {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    plans = []
    for index, data in enumerate(candidates, start=1):
        problems = validation_errors(data)
        if problems:
            print(
                f"ERREUR : candidat n° {index} de {path} non conforme au schéma :", file=sys.stderr
            )
            for problem in problems:
                print(f"  - {problem}", file=sys.stderr)
            return EXIT_BAD_INPUT
        try:
            plans.append(exam_plan(candidate_from_dict(data), int(data["session"])))
        except InvalidCandidate as error:
            print(f"ERREUR : candidat n° {index} : {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
    if as_json:
        payload = [p.to_dict() for p in plans]
        print(
            json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2)
        )
    else:
        print("\n\n".join(render_plan_fr(p) for p in plans))
    return EXIT_OK if all(p.is_valid for p in plans) else EXIT_REGISTRATION_ERRORS
