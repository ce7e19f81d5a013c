"""Reading a candidate's internships and dossiers (JSON, format in docs/conformity-format.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ndrc.rules.candidate import CANDIDATE_KEYS, CandidateProfile, candidate_from_dict
from ndrc.rules.conformity import ConformityInput, DossierInput, Fiche
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.internships import Period, PeriodKind, Reduction
from ndrc.rules.shapes import check_shape


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidCandidate(f"{where} : date « {value} » illisible (AAAA-MM-JJ).") from None


def _period(raw: dict[str, Any], where: str) -> Period:
    start, end = _date(raw.get("start"), f"{where} start"), _date(raw.get("end"), f"{where} end")
    if start is None or end is None:
        raise InvalidCandidate(f"{where} : dates de début et de fin obligatoires.")
    if end < start:
        raise InvalidCandidate(f"{where} : la fin ({end}) précède le début ({start}).")
    try:
        kind = PeriodKind(raw.get("kind", "internship"))
    except ValueError:
        allowed = ", ".join(k.value for k in PeriodKind)
        raise InvalidCandidate(
            f"{where} : nature « {raw.get('kind')} » inconnue ({allowed})."
        ) from None
    return Period(
        organisation=str(raw.get("organisation", "")),
        start=start,
        end=end,
        kind=kind,
        attestation=bool(raw.get("attestation", False)),
        signed=bool(raw.get("signed", False)),
        full_time=bool(raw.get("full_time", True)),
    )


def _dossier(code: str, raw: dict[str, Any], who: str) -> DossierInput:
    where = f"{who} {code}"
    doubt = str(raw.get("exam_day_doubt", "") or "")
    if doubt not in ("", "pending", "cleared", "confirmed"):
        raise InvalidCandidate(f"{where} exam_day_doubt : pending, cleared ou confirmed.")
    return DossierInput(
        exam=code,
        deposited_on=_date(raw.get("deposited_on"), f"{where} deposited_on"),
        signed=bool(raw.get("signed", False)),
        fiches=tuple(
            Fiche(
                nature=str(f.get("nature", "")),
                parts=tuple(str(p) for p in f.get("parts", [])),
                covers_pole=bool(f.get("covers_pole", True)),
                real_experience=bool(f.get("real_experience", False)),
                offer_annex_pages=f.get("offer_annex_pages"),
            )
            for f in raw.get("fiches", [])
        ),
        reflective_study_pages=raw.get("reflective_study_pages"),
        professional_dossier_pages=raw.get("professional_dossier_pages"),
        formal_rules_respected=bool(raw.get("formal_rules_respected", True)),
        plagiarism_suspected=bool(raw.get("plagiarism_suspected", False)),
        exam_day_doubt=doubt,
        engagement_sheet=bool(raw.get("engagement_sheet", False)),
    )


def conformity_input_from_dict(
    data: dict[str, Any], *, candidate: CandidateProfile | None = None
) -> ConformityInput:
    """The conformity input of docs/conformity-format.md; ``candidate``, when the caller
    has already read the candidate's profile from the same data, is not read again."""
    check_shape(data)
    if "session" not in data:
        raise InvalidCandidate("Un candidat est un objet JSON avec sa session.")
    who = str(data.get("id", "?"))
    reduction = data.get("internship_reduction")
    return ConformityInput(
        candidate=candidate
        or candidate_from_dict({k: v for k, v in data.items() if k in CANDIDATE_KEYS}),
        session=int(data["session"]),
        deadline=_date(data.get("deposit_deadline"), f"{who} deposit_deadline"),
        periods=tuple(
            _period(p, f"{who} période {i}") for i, p in enumerate(data.get("periods", []), 1)
        ),
        dossiers={
            str(code).upper(): _dossier(str(code).upper(), raw, who)
            for code, raw in (data.get("dossiers") or {}).items()
        },
        reduction=None
        if not reduction
        else Reduction(
            reason=str(reduction["reason"]), reference=str(reduction.get("reference", ""))
        ),
        continuing_situation=str(data.get("continuing_situation", "")),
        distance_status=str(data.get("internship_status", "")),
        exam_date=_date(data.get("exam_date"), f"{who} exam_date"),
        vae_units=tuple(str(u).upper() for u in data.get("vae_units", [])),
    )
