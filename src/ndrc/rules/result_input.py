"""Reading a candidate's results file: JSON objects, or rows of a CSV / XLSX sheet.

The formats are documented in docs/results-format.md and by
``src/ndrc/schemas/results.schema.json``.
"""

from __future__ import annotations

from typing import Any

from ndrc.rules.candidate import CANDIDATE_KEYS, candidate_from_dict
from ndrc.rules.catalogue import catalogue
from ndrc.rules.conformity import DossierOutcome
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.grades import grade_from_data, grade_from_token, parse_value
from ndrc.rules.results import AssessmentForm, JuryChange, ResitGrade, ResultInput
from ndrc.rules.shapes import check_shape


def result_input_from_dict(data: dict[str, Any]) -> ResultInput:
    check_shape(data)
    if "session" not in data:
        raise InvalidCandidate("session : l'année de la session est obligatoire.")
    who = str(data.get("id", "?"))
    candidate = candidate_from_dict({k: v for k, v in data.items() if k in CANDIDATE_KEYS})
    grades = {
        str(code).upper(): grade_from_data(raw, f"{who} {code}")
        for code, raw in (data.get("grades") or {}).items()
    }
    try:
        assessment = AssessmentForm(data.get("assessment", "global"))
    except ValueError:
        raise InvalidCandidate(f"{who} assessment : « global » ou « progressive ».") from None
    changes = tuple(_jury_change(c, who) for c in data.get("jury_changes", []))
    resits = tuple(
        ResitGrade(unit=str(r["unit"]).upper(), value=parse_value(r["value"], f"{who} contrôle"))
        for r in data.get("resit_grades", [])
    )
    conformity: tuple[DossierOutcome, ...] = ()
    if "dossiers" in data or "periods" in data:
        from ndrc.rules.conformity import check_conformity
        from ndrc.rules.conformity_input import conformity_input_from_dict

        conformity = check_conformity(conformity_input_from_dict(data)).outcomes
    return ResultInput(
        candidate=candidate,
        session=int(data["session"]),
        conformity=conformity,
        grades=grades,
        assessment=assessment,
        vae_units=tuple(str(u).upper() for u in data.get("vae_units", [])),
        jury_changes=changes,
        resit_grades=resits,
        resit_declined=bool(data.get("resit_declined", False)),
        fraud_procedure=bool(data.get("fraud_procedure", False)),
        overrides={str(k): str(v).lower() for k, v in (data.get("parameters") or {}).items()},
    )


def _jury_change(change: dict[str, Any], who: str) -> JuryChange:
    """A jury change of a results file: who made it, when and why are required (CE D643-26)."""
    value = parse_value(change["value"], f"{who} jury {change.get('exam')}")
    reason = _required_reason(change, who)
    try:
        return JuryChange(
            exam=str(change["exam"]).upper(),
            value=value,
            author=str(change.get("author") or ""),
            at=str(change.get("at") or ""),
            reason=reason,
        )
    except InvalidCandidate as error:
        raise InvalidCandidate(f"{who} : {error}") from None


def _required_reason(change: dict[str, Any], who: str) -> str:
    reason = str(change.get("reason", "")).strip()
    if not reason:
        raise InvalidCandidate(f"{who} : toute modification du jury doit être motivée.")
    return reason


def _split(cell: Any) -> list[str]:
    text = "" if cell is None else str(cell).strip()
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()] if text else []


def result_input_from_row(row: dict[str, Any], line: int) -> ResultInput:
    """One CSV/XLSX row: candidate columns, then one column per grade code (an épreuve or a
    part, ``catalogue().grade_codes``) with a grade token."""
    where = f"ligne {line}"
    cells = {str(k).strip(): ("" if v is None else v) for k, v in row.items() if k is not None}
    if not str(cells.get("session", "")).strip():
        raise InvalidCandidate(f"{where} : la colonne session est vide.")
    data: dict[str, Any] = {
        "id": str(cells.get("id", "")).strip(),
        "name": str(cells.get("name", "")).strip(),
        "session": int(str(cells["session"]).strip()),
        "route": str(cells.get("route", "")).strip(),
        "lv1": str(cells.get("lv1", "")).strip(),
        "ef1_language": str(cells.get("ef1_language", "")).strip(),
        "ef2": str(cells.get("ef2", "")).strip().lower() in ("1", "oui", "true", "yes", "x"),
        "exemption_requests": _split(cells.get("exemption_requests")),
        "assessment": str(cells.get("assessment", "") or "global").strip(),
        "vae_units": _split(cells.get("vae_units")),
    }
    status = str(cells.get("establishment_status", "")).strip()
    habilitation = str(cells.get("habilitation", "")).strip()
    if status or habilitation:
        data["establishment"] = {"status": status or None, "habilitation": habilitation or None}
    diplomas = _split(cells.get("diplomas"))
    if diplomas:
        lem = str(cells.get("law_economics_management", "")).strip().lower() in ("1", "oui", "true")
        data["diplomas"] = [{"kind": d, "law_economics_management": lem} for d in diplomas]
    if not data["route"]:
        raise InvalidCandidate(f"{where} : la colonne route est vide.")
    result = result_input_from_dict(data)
    grades = {
        code: grade_from_token(str(cells[code]), f"{where} {code}")
        for code in catalogue().grade_codes
        if code in cells and str(cells[code]).strip() != ""
    }
    return ResultInput(
        candidate=result.candidate,
        session=result.session,
        grades=grades,
        assessment=result.assessment,
        vae_units=result.vae_units,
    )
