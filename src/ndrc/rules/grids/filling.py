"""What a filled grid must hold: a level from the grid's scale for every criterion (« non
évalué » is a level one chooses, never a blank), penalties only for the composition defects
the conformity control found, within the circular's limit where it gives one, and the
proposed grade (the commission's, entered like any grade: the grid documents it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ndrc.rules.data_files import load_yaml
from ndrc.rules.grids.templates import Grid


class GridIncomplete(ValueError):
    """A grid that cannot be signed, with every reason (in French)."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class FilledGrid:
    levels: dict[str, str]  # criterion code → level code
    comments: dict[str, str] = field(default_factory=dict)  # section code → comment
    penalties: dict[str, str] = field(default_factory=dict)  # defect code → points, as typed
    proposal: str = ""  # the grade proposed, as typed (« 14,5 », « ABS »)


def _points(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def check_filled(
    grid: Grid, filled: FilledGrid, *, defects: tuple[str, ...], levels_required: bool = True
) -> list[str]:
    """Every reason the grid cannot be signed ([] when it can). ``defects`` are the codes of
    the composition defects the conformity control found for this candidate's dossier;
    ``levels_required`` is False when the proposal is a state (an absence: nothing was
    assessed), so that the criteria may stay without a level."""
    reasons: list[str] = []
    known = {c.code for c in grid.criteria}
    unknown = sorted(set(filled.levels) - known)
    if unknown:
        reasons.append(f"Critères inconnus de la grille : {', '.join(unknown)}.")
    bad = sorted(
        code for code, level in filled.levels.items() if level and level not in grid.level_codes
    )
    if bad:
        reasons.append(f"Niveau inconnu pour : {', '.join(bad)}.")
    missing = [c.code for c in grid.criteria if not filled.levels.get(c.code)]
    if missing and levels_required:
        reasons.append(
            f"{len(missing)} critère(s) sans niveau (choisissez « {grid.not_assessed.label} » "
            f"pour un critère non observé) : {', '.join(missing[:8])}"
            + ("…" if len(missing) > 8 else "")
            + "."
        )
    for defect, typed in sorted(filled.penalties.items()):
        if not typed.strip():
            continue
        if defect not in defects:
            reasons.append(
                f"Pénalité « {defect} » : cette insuffisance n'a pas été constatée au contrôle "
                "de conformité."
            )
            continue
        value = _points(typed)
        if value is None or value < 0:
            reasons.append(f"Pénalité « {defect} » : « {typed} » n'est pas un nombre de points.")
            continue
        limit = grid.penalty_limits.get(defect)
        if limit is not None and value > limit:
            reasons.append(
                f"Pénalité « {defect} » : {typed} points, au-delà de la limite de la grille "
                f"({str(limit).replace('.', ',')} points)."
            )
    if not filled.proposal.strip():
        reasons.append("La note proposée n'est pas saisie.")
    return reasons


def defects_found(exam: str, stored: str) -> tuple[tuple[str, str], ...]:
    """The composition defects the conformity control found for the épreuve, as (code, text),
    from the commission's list (« texte (détail) ; texte… »); a text the data does not know
    keeps an empty code (shown, never penalised)."""
    spec = (load_yaml("dossiers.yaml").get("exams") or {}).get(exam) or {}
    known = {str(v["text"]): str(k) for k, v in (spec.get("defects") or {}).items()}
    out: list[tuple[str, str]] = []
    for text in (t.strip() for t in stored.split(" ; ")):
        if not text:
            continue
        code = next((c for t, c in known.items() if text.startswith(t)), "")
        out.append((code, text))
    return tuple(out)
