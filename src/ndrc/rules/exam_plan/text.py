"""An exam plan as a French text table, with the citations below it (``ndrc plan``)."""

from __future__ import annotations

from ndrc.rules.exam_plan.model import ExamPlan, minutes_text


def render_plan_fr(plan: ExamPlan) -> str:
    """The plan as a French text table, with the citations below it."""
    lines: list[str] = []
    who = plan.candidate.name or plan.candidate.identifier or "Candidat"
    lines.append(f"Plan d'épreuves — {who} — session {plan.session}")
    if plan.regulation is not None:
        lines.append(f"Règlement : {plan.regulation.title} ({plan.regulation.id})")
    if plan.column is not None:
        lines.append(
            f"Colonne {plan.column.column.number} du règlement : {plan.column.reason} "
            f"[{plan.column.citation.short}]"
        )
    if plan.exams:
        rows = [("Épreuve", "Unité", "Coef.", "Forme", "Durée", "Référence")]
        for p in plan.exams:
            rows.append(
                (
                    f"{p.code} {p.exam.title}",
                    p.exam.unit,
                    "—" if p.exam.coefficient is None else str(p.exam.coefficient),
                    p.form_label_fr(),
                    p.duration_label_fr(),
                    p.citations[0].short if p.citations else "",
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines.append("")
        for index, row in enumerate(rows):
            lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
            if index == 0:
                lines.append("  ".join("-" * w for w in widths))
        details = [p for p in plan.exams if p.reason or p.situations or p.phases or p.parts]
        if details:
            lines.append("")
            for p in details:
                lines.append(f"{p.code} — {p.exam.title}")
                if p.reason:
                    lines.append(f"  {p.reason}")
                for part in p.parts:
                    lines.append(
                        f"  • {part.title} : {minutes_text(part.duration)}, coefficient "
                        f"{part.coefficient} [{part.citation.short}]"
                    )
                for timed in (*p.situations, *p.phases):
                    preparation = timed.preparation
                    extra = f", préparation {minutes_text(preparation)}" if preparation else ""
                    length = f" : {minutes_text(timed.duration)} maximum" if timed.duration else ""
                    lines.append(f"  • {timed.name}{length}{extra}")
                if p.commission:
                    lines.append(f"  Commission : {p.commission}")
                if p.dossier is not None:
                    lines.append(f"  Dossier [{p.dossier.citation.short}] :")
                    lines.extend(f"    - {item}" for item in p.dossier.items)
    for title, findings in (
        ("Erreurs d'inscription", plan.errors),
        ("Avertissements", plan.warnings),
    ):
        if findings:
            lines.append("")
            lines.append(f"{title} :")
            for finding in findings:
                ref = f" [{finding.citation.short}]" if finding.citation else ""
                lines.append(f"  ✗ {finding.message}{ref}")
    return "\n".join(lines)
