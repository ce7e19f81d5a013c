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
- ``results``: ``candidate`` is a results file entry (docs/results-format.md); ``expect``
  compares the decision, exact averages, divisor, missing and blocking items, units awarded,
  grades kept, blocks and the explanation's steps.
- ``what_if``: ``candidate`` as for ``results``, some épreuves without a grade; ``expect``
  gives the open épreuves and, per ``exam`` (or ``together``, or a choice of resit
  ``units``), ``goal`` and ``others``, the ``status`` and ``grade`` of the answer and texts
  its sentence contains.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from ndrc.rules.candidate import candidate_from_dict
from ndrc.rules.conformity import check_conformity
from ndrc.rules.conformity_input import conformity_input_from_dict
from ndrc.rules.errors import RegulationError
from ndrc.rules.exam_plan import exam_plan
from ndrc.rules.referential import referential
from ndrc.rules.regulation import Regulation, regulation_for_session
from ndrc.rules.result_input import result_input_from_dict
from ndrc.rules.results import decide, deliberate


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
        got = list(got) if isinstance(got, tuple) else got
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


def _fraction(text: str) -> Fraction:
    return Fraction(str(text))


def run_results(case: dict[str, Any]) -> None:
    data = dict(case["candidate"])
    data.setdefault("session", case.get("session"))
    result_input = result_input_from_dict(data)
    result = deliberate(result_input)
    decided = decide(result_input)
    fast = (decided.decision, decided.average)
    _check(
        fast == (result.decision, result.average),
        f"la décision seule diverge : {fast} ≠ {(result.decision, result.average)}",
    )
    got = result.to_dict()
    expect = case.get("expect", {})
    if "decision" in expect:
        _check(
            got["decision"] == expect["decision"],
            f"décision : attendu {expect['decision']}, obtenu {got['decision']} "
            f"({result.explanation_fr()})",
        )
    for key in ("average", "professional_average", "optional_bonus", "average_after_resit"):
        if key in expect:
            want = expect[key]
            value = got[key]
            same = (
                value is None
                if want is None
                else (value is not None and _fraction(value) == _fraction(want))
            )
            _check(same, f"{key} : attendu {want}, obtenu {value}")
    if "divisor" in expect:
        _check(got["divisor"] == expect["divisor"], f"diviseur : obtenu {got['divisor']}")
    for key in ("missing", "blocking"):
        if key in expect:
            text = " | ".join(got[key])
            for item in expect[key]:
                _check(item in text, f"{key} : « {item} » absent de {got[key]}")
            if not expect[key]:
                _check(not got[key], f"{key} : attendu vide, obtenu {got[key]}")
    if "units_awarded" in expect:
        units = sorted(k["unit"] for k in got["units_awarded"])
        _check(units == sorted(expect["units_awarded"]), f"unités acquises : obtenu {units}")
    if "valid_until" in expect:
        until = {k["unit"]: k["valid_until_session"] for k in got["units_awarded"]}
        for unit, year in expect["valid_until"].items():
            _check(until.get(unit) == year, f"validité {unit} : obtenu {until.get(unit)}")
    if "grades_kept" in expect:
        kept = sorted(k["exam"] for k in got["grades_kept"])
        _check(kept == sorted(expect["grades_kept"]), f"notes conservées : obtenu {kept}")
    if "blocks_obtained" in expect:
        blocks = [b.split(" ")[0] for b in got["blocks_obtained"]]
        _check(sorted(blocks) == sorted(expect["blocks_obtained"]), f"blocs : obtenu {blocks}")
    units = {u["exam"]: u for u in got["units"]}
    for code, wanted in (expect.get("units") or {}).items():
        _check(code in units, f"{code} absent du résultat")
        for key, want in wanted.items():
            value = units[code][key]
            if key == "value" and want is not None and value is not None:
                _check(_fraction(value) == _fraction(want), f"{code}.value : obtenu {value}")
            else:
                _check(value == want, f"{code}.{key} : attendu {want!r}, obtenu {value!r}")
    rules = [s["rule"] for s in got["explanation"]]
    for rule in expect.get("steps", []):
        _check(rule in rules, f"étape « {rule} » absente de l'explication : {rules}")
    for text in expect.get("explanation_contains", []):
        explanation = result.explanation_fr()
        _check(text in explanation, f"« {text} » absent de l'explication :\n{explanation}")


def run_conformity(case: dict[str, Any]) -> None:
    data = dict(case["candidate"])
    data.setdefault("session", case.get("session"))
    as_of = case.get("as_of")
    report = check_conformity(
        conformity_input_from_dict(data),
        as_of=None if as_of is None else dt.date.fromisoformat(str(as_of)),
    )
    got = report.to_dict()
    expect = case.get("expect", {})
    internship = got["internship"]
    if "internship" in expect and expect["internship"] is None:
        _check(internship is None, f"aucun contrôle de stage attendu, obtenu {internship}")
    for key, want in (expect.get("internship") or {}).items():
        _check(internship is not None, "aucun contrôle de stage")
        if key == "findings":
            codes = sorted(f["code"] for f in internship["findings"])
            _check(codes == sorted(want), f"constats : attendu {sorted(want)}, obtenu {codes}")
        elif key in ("required", "counted", "requirement"):
            _check(
                str(want) in internship[key],
                f"stage.{key} : « {want} » absent de « {internship[key]} »",
            )
        else:
            _check(
                internship[key] == want, f"stage.{key} : attendu {want}, obtenu {internship[key]}"
            )
    outcomes = {o["exam"]: o for o in got["outcomes"]}
    if "exams" in expect:
        _check(
            sorted(outcomes) == sorted(expect["exams"]), f"épreuves contrôlées : {sorted(outcomes)}"
        )
    for code, wanted in (expect.get("outcomes") or {}).items():
        _check(code in outcomes, f"{code} absent des décisions ({list(outcomes)})")
        outcome = outcomes[code]
        for key, want in wanted.items():
            if key in ("nv_causes", "defects"):
                text = " | ".join(outcome[key])
                for item in want:
                    _check(item in text, f"{code}.{key} : « {item} » absent de {outcome[key]}")
                if not want:
                    _check(not outcome[key], f"{code}.{key} : attendu vide, obtenu {outcome[key]}")
            else:
                _check(
                    outcome[key] == want, f"{code}.{key} : attendu {want}, obtenu {outcome[key]}"
                )
    for wanted in expect.get("checklist", []):
        matches = [
            i
            for i in got["checklist"]
            if wanted["label"] in i["label"] and (wanted.get("exam") in (None, i["exam"]))
        ]
        _check(matches, f"élément « {wanted['label']} » absent de la liste de contrôle")
        _check(
            any(i["status"] == wanted["status"] for i in matches),
            f"« {wanted['label']} » : statut attendu {wanted['status']}, "
            f"obtenu {[i['status'] for i in matches]}",
        )


def _what_if_answer(found: Any, where: dict[str, Any]) -> Any:
    from ndrc.rules.results.what_if import Goal, Others

    goal, others = Goal(where["goal"]), Others(where.get("others", "same"))
    if "units" in where:
        choice = next(c for c in found.resit_choices if list(c.units) == where["units"])
        answers = (choice.together, *choice.alone)
        slots = tuple(where.get("slots", where["units"]))
        return next(a for a in answers if a.others is others and a.slots == slots)
    answers = found.alone[where["exam"]] if "exam" in where else found.together
    return next(
        a for a in answers if a.goal is goal and a.others is others and a.unit == where.get("unit")
    )


def run_what_if(case: dict[str, Any]) -> None:
    from ndrc.rules.results.what_if import what_if

    data = dict(case["candidate"])
    data.setdefault("session", case.get("session"))
    found = what_if(result_input_from_dict(data))
    expect = case.get("expect", {})
    if "open" in expect:
        _check(list(found.exams) == expect["open"], f"épreuves à passer : {found.exams}")
    for wanted in expect.get("answers", []):
        answer = _what_if_answer(found, wanted)
        text = answer.text_fr()
        _check(answer.status.value == wanted["status"], f"statut {answer.status} : {text}")
        if "grade" in wanted:
            got = None if answer.grade is None else str(answer.grade)
            _check(Fraction(got or 0) == Fraction(str(wanted["grade"])), f"note : {text}")
        for part in wanted.get("text_contains", []):
            _check(part in text, f"« {part} » absent de : {text}")


RUNNERS = {
    "plan": run_plan,
    "regulation": run_regulation,
    "regulation_error": run_regulation_error,
    "referential": run_referential,
    "results": run_results,
    "conformity": run_conformity,
    "what_if": run_what_if,
}


def run_case(case: dict[str, Any]) -> None:
    if not str(case.get("cite", "")).strip():
        raise ScenarioFailure("chaque scénario doit citer le texte qu'il vérifie (clé « cite »)")
    RUNNERS[case.get("kind", "plan")](case)
