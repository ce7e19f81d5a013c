"""Runs the YAML scenario files of tests/scenarios: each case names the text it checks.

A file holds ``cases``; each case has a ``name``, a ``cite`` (the text it checks, required)
and a ``kind``:

- ``plan`` (default): ``session`` and ``candidate`` (the JSON format of ``ndrc plan``) give an
  exam plan; ``expect`` compares it (regulation, column, valid, errors, warnings, exams…).
- ``regulation``: ``session`` and ``exam`` select an épreuve of the regulation in force;
  ``expect`` compares its attributes, ``cells`` its cells per column.
- ``regulation_error``: ``session``; ``expect: {error: <code>}``.
- ``referential``: ``expect`` compares a competence (``block``, ``competence``) of the
  référentiel.
"""

from __future__ import annotations

from typing import Any

from ndrc.rules.candidate import candidate_from_dict
from ndrc.rules.errors import RegulationError
from ndrc.rules.exam_plan import exam_plan
from ndrc.rules.referential import referential
from ndrc.rules.regulation import Regulation, regulation_for_session


class ScenarioFailure(AssertionError):
    pass


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ScenarioFailure(message)


def _compare_exam(code: str, actual: dict[str, Any], expected: dict[str, Any]) -> None:
    for key, want in expected.items():
        where = f"{code}.{key}"
        if key == "situations":
            got: Any = len(actual["situations"])
        elif key == "situation_durations":
            got = [s["duration_minutes"] for s in actual["situations"]]
        elif key == "situation_preparations":
            got = [s["preparation_minutes"] for s in actual["situations"]]
        elif key == "phase_durations":
            got = [p["duration_minutes"] for p in actual["phases"]]
        elif key == "part_durations":
            got = [p["duration_minutes"] for p in actual["parts"]]
        elif key == "part_coefficients":
            got = [p["coefficient"] for p in actual["parts"]]
        elif key in ("commission_contains", "reason_contains"):
            field = actual["commission"] if key == "commission_contains" else actual["reason"]
            if key == "commission_contains" and actual["parts"]:
                field += " | " + " | ".join(p["commission"] for p in actual["parts"])
            _check(str(want) in field, f"{where} : « {want} » absent de « {field} »")
            continue
        elif key in ("dossier_includes", "dossier_excludes"):
            items = " | ".join((actual["dossier"] or {}).get("items", []))
            wanted_present = key == "dossier_includes"
            verb = "absent du" if wanted_present else "présent dans le"
            for text in want:
                _check(
                    (text in items) is wanted_present,
                    f"{where} : « {text} » {verb} dossier : {items}",
                )
            continue
        elif key == "cites":
            sources = {c["source"] for c in actual["citations"]}
            _check(set(want) <= sources, f"{where} : {want} non cité(s), cités : {sorted(sources)}")
            continue
        else:
            got = actual[key]
        _check(got == want, f"{where} : attendu {want!r}, obtenu {got!r}")


def run_plan(case: dict[str, Any]) -> None:
    plan = exam_plan(candidate_from_dict(case["candidate"]), int(case["session"])).to_dict()
    expect = case.get("expect", {})
    if "regulation" in expect:
        got = None if plan["regulation"] is None else plan["regulation"]["id"]
        _check(
            got == expect["regulation"], f"règlement : attendu {expect['regulation']}, obtenu {got}"
        )
    if "column" in expect:
        got = None if plan["column"] is None else plan["column"]["number"]
        _check(got == expect["column"], f"colonne : attendu {expect['column']}, obtenu {got}")
    if "valid" in expect:
        _check(
            plan["valid"] == expect["valid"], f"valide : obtenu {plan['valid']} ({plan['errors']})"
        )
    for key in ("errors", "warnings"):
        if key in expect:
            got_codes = sorted(e["code"] for e in plan[key])
            _check(
                got_codes == sorted(expect[key]),
                f"{key} : attendu {sorted(expect[key])}, obtenu {got_codes} "
                f"({[e['message'] for e in plan[key]]})",
            )
    exams = {e["code"]: e for e in plan["exams"]}
    if "exam_codes" in expect:
        _check(list(exams) == expect["exam_codes"], f"épreuves : obtenu {list(exams)}")
    for code in expect.get("absent_exams", []):
        _check(code not in exams, f"{code} ne devrait pas figurer au plan")
    for code, wanted in (expect.get("exams") or {}).items():
        _check(code in exams, f"{code} absent du plan ({list(exams)})")
        _compare_exam(code, exams[code], wanted)


def _regulation(case: dict[str, Any]) -> Regulation:
    return regulation_for_session(int(case["session"]))


def run_regulation(case: dict[str, Any]) -> None:
    regulation = _regulation(case)
    expect = case.get("expect", {})
    if "regulation" in expect:
        _check(regulation.id == expect["regulation"], f"règlement : obtenu {regulation.id}")
    if "column_labels" in expect:
        for number, text in expect["column_labels"].items():
            label = regulation.column(int(number)).label
            _check(text in label, f"colonne {number} : « {text} » absent de « {label} »")
    if "exam" not in case:
        return
    exam = regulation.exam(case["exam"])
    for key, want in (expect.get("attributes") or {}).items():
        got = getattr(exam, key)
        got = got.value if hasattr(got, "value") else got
        _check(got == want, f"{exam.code}.{key} : attendu {want!r}, obtenu {got!r}")
    for number, wanted in (expect.get("cells") or {}).items():
        cell = exam.cells[int(number)]
        for key, want in wanted.items():
            got = getattr(cell, key)
            got = got.value if hasattr(got, "value") else got
            _check(
                got == want,
                f"{exam.code} colonne {number}.{key} : attendu {want!r}, obtenu {got!r}",
            )


def run_regulation_error(case: dict[str, Any]) -> None:
    try:
        regulation = _regulation(case)
    except RegulationError as error:
        _check(error.code == case["expect"]["error"], f"erreur : obtenu {error.code}")
        _check(str(case["session"]) in str(error), f"le message ne cite pas la session : {error}")
        return
    raise ScenarioFailure(f"aucune erreur : règlement {regulation.id}")


def run_referential(case: dict[str, Any]) -> None:
    expect = case["expect"]
    block = referential().block(int(expect["block"]))
    if "block_title" in expect:
        _check(block.title == expect["block_title"], f"bloc : obtenu {block.title}")
    if "competence" in expect:
        competence = block.competence(expect["competence"])
        for key in ("title", "text_variant"):
            if key in expect:
                got = getattr(competence, key)
                _check(got == expect[key], f"{competence.code}.{key} : obtenu {got!r}")
        if "criteria_count" in expect:
            got = len(competence.all_criteria)
            _check(got == expect["criteria_count"], f"critères : obtenu {got}")
    if "unit" in expect:
        _check(block.unit == expect["unit"], f"unité : obtenu {block.unit}")


RUNNERS = {
    "plan": run_plan,
    "regulation": run_regulation,
    "regulation_error": run_regulation_error,
    "referential": run_referential,
}


def run_case(case: dict[str, Any]) -> None:
    if not str(case.get("cite", "")).strip():
        raise ScenarioFailure("chaque scénario doit citer le texte qu'il vérifie (clé « cite »)")
    RUNNERS[case.get("kind", "plan")](case)
