"""The relevés de notes and the attestations of competence blocks, from the published results:
built for many candidates with a fixed number of queries per chunk (never one per candidate),
issued only for a candidate whose latest result is published, and, at publication, issued for
the jury's candidates as a background job that tells each candidate by e-mail."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from ndrc.rules.grades import format_grade
from ndrc.rules.referential import referential
from ndrc.rules.results.compiled import session_rules
from ndrc.rules.results.decision import Decision
from ndrc.rules.results.display import format_average
from ndrc.rules.texts_applied import texts_applied
from ndrc.web.audit.models import AuditEntry
from ndrc.web.batch import chunks_forked
from ndrc.web.candidates.models import Candidate
from ndrc.web.deliberations.models import FrozenResult, Jury
from ndrc.web.documents.blocks_certificate import (
    BLOCKS_CERTIFICATE,
    BlockLine,
    BlocksCertificateData,
)
from ndrc.web.documents.mail import Notice, mail_text, notices_send
from ndrc.web.documents.models import IssuedDocument
from ndrc.web.documents.services import Issue, documents_issue
from ndrc.web.documents.transcript import (
    TRANSCRIPT,
    Identity,
    KeptLine,
    TranscriptData,
    UnitLine,
)
from ndrc.web.jobs.services import job_run
from ndrc.web.jobs.work import Progress

CHUNK = 100  # candidates built and issued together (bounded memory, bounded queries)
INDIVIDUAL = "candidat individuel"
_RESULT_KEYS = (
    "units",
    "optional_bonus",
    "total_points",
    "divisor",
    "average_display",
    "average_after_resit_display",
    "decision",
    "decision_label",
    "units_awarded",
    "grades_kept",
    "blocks_obtained",
)


@dataclass(frozen=True)
class Prepared:
    """What is issued for one candidate: the relevé, the attestation when one is due, and
    whom to tell."""

    candidate_id: int
    session_id: int
    academy_id: int
    email: str
    user_id: int | None
    transcript: Issue
    certificate: Issue | None


def _grade_text(unit: dict[str, Any]) -> str:
    """The grade or state as people read it: the rules core's label, a grade with two
    decimals and a comma."""
    state, grade = unit["state"], unit["grade"]
    if state == "grade" and grade is not None:
        return format_grade(Decimal(grade))
    return str(unit["grade_label"] or "")


def _points(value: str | None, coefficient: int | None) -> str:
    if value is None or coefficient is None:
        return ""
    return format_grade(Decimal(value) * coefficient)


def _units(units: list[dict[str, Any]], threshold: Decimal) -> tuple[UnitLine, ...]:
    lines = []
    for unit in units:
        optional = unit["category"] == "optional"
        value = unit["value"]
        bonus = ""
        if optional and value is not None:
            above = Decimal(value) - threshold
            bonus = format_grade(above) if above > 0 else ""
        lines.append(
            UnitLine(
                unit=unit["exam"] if unit["unit"] is None else unit["unit"],
                exam=unit["exam"],
                title=unit["title"],
                category=unit["category"],
                coefficient=unit["coefficient"],
                grade=_grade_text(unit),
                points=""
                if optional or not unit["counted"]
                else _points(value, unit["coefficient"]),
                bonus=bonus,
                note=unit["note"] or "",
            )
        )
    return tuple(lines)


def _kept(rows: list[dict[str, Any]] | None) -> tuple[KeptLine, ...]:
    return tuple(
        KeptLine(
            unit=row["unit"],
            exam=row["exam"],
            grade="" if row["grade"] is None else format_grade(Decimal(row["grade"])),
            obtained=int(row["obtained_session"]),
            valid_until=int(row["valid_until_session"]),
        )
        for row in rows or []
    )


def _block_lines(result: dict[str, Any], vae_units: Sequence[str]) -> tuple[BlockLine, ...]:
    """The blocks obtained, named as the référentiel names them, with how and until when."""
    ref = referential()
    professional = {block.unit: block for block in ref.competence_blocks}
    general = {block.unit: block for block in ref.general_blocks}
    awarded = {row["unit"]: row for row in result.get("units_awarded") or []}
    units = {u["unit"] or u["exam"]: u for u in result.get("units") or []}
    session = int(result.get("session") or 0)
    lines = []
    for written in result.get("blocks_obtained") or []:
        code = str(written).split(" ", 1)[0]
        block = professional.get(code)
        if block is not None:
            name, title = f"Bloc de compétences n° {block.number}", block.title
        elif code in general:
            name, title = "Bloc de compétences général", general[code].title
        else:
            name, title = "Bloc de compétences", str(written).split(" ", 1)[-1]
        unit = units.get(code, {})
        row = awarded.get(code)
        state = unit.get("state")
        if state == "vae" or code in vae_units:
            how = "validation des acquis de l'expérience"
        elif state == "exempted":
            how = "dispense"
        elif state == "carried_over":
            how = str(unit.get("grade_label") or "note conservée")
        elif row is not None and row["grade"] is not None:
            how = f"note {format_grade(Decimal(row['grade']))}"
        else:
            how = str(unit.get("grade_label") or "")
        lines.append(
            BlockLine(
                name=name,
                title=title,
                unit=code,
                how=how,
                obtained=session if row is None else int(row["obtained_session"]),
                valid_until=None if row is None else int(row["valid_until_session"]),
            )
        )
    return tuple(lines)


def certificate_due(result: dict[str, Any]) -> bool:
    """An attestation of blocks is due to a candidate who is finally not admitted and
    obtained at least one block (D643-15), a partial VAE included."""
    decision = Decision(result["decision"])
    return bool(result.get("blocks_obtained")) and decision.is_final and not decision.is_admitted


def _published(candidate_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The latest published result of each candidate (one query: the keys of the result
    that the documents show, not its explanation), with the round and dates of the earliest
    deliberation of the same jury that reached the same result: a result deliberated again
    unchanged gives back the same document."""
    latest: dict[int, dict[str, Any]] = {}
    settled: set[int] = set()
    keys = [f"result__{key}" for key in _RESULT_KEYS]
    rows = (
        FrozenResult.objects.filter(candidate_id__in=candidate_ids, published_at__isnull=False)
        .order_by("candidate_id", "-round")
        .values(
            "candidate_id", "round", "frozen_at", "published_at", "jury_id", "jury__name", *keys
        )
    )
    for row in rows:
        candidate = row["candidate_id"]
        first = latest.get(candidate)
        if first is None:
            latest[candidate] = {**row, "origin": row}
        elif candidate not in settled:
            if row["jury_id"] == first["jury_id"] and all(row[k] == first[k] for k in keys):
                first["origin"] = row
            else:
                settled.add(candidate)
    return latest


def transcripts_prepared(candidate_ids: Sequence[int]) -> Iterator[Prepared]:
    """The relevé (and attestation when due) of each candidate whose result is published,
    in chunks of ``CHUNK``: two queries per chunk."""
    ids = sorted(set(candidate_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        results = _published(chunk)
        if not results:
            continue
        candidates = Candidate.objects.filter(pk__in=list(results)).values(
            "pk",
            "number",
            "last_name",
            "first_name",
            "birth_date",
            "vae_units",
            "session_id",
            "session__year",
            "academy_id",
            "academy__name",
            "establishment__name",
            "user_id",
            "user__email",
        )
        for candidate in candidates.order_by("pk"):
            yield _prepared(candidate, results[candidate["pk"]])


def _prepared(candidate: dict[str, Any], row: dict[str, Any]) -> Prepared:
    result = {key: row[f"result__{key}"] for key in _RESULT_KEYS}
    year = candidate["session__year"]
    texts = texts_applied(year)
    identity = Identity(
        last_name=candidate["last_name"],
        first_name=candidate["first_name"],
        number=candidate["number"],
        birth_date=candidate["birth_date"],
        establishment=candidate["establishment__name"] or INDIVIDUAL,
    )
    origin = row["origin"]  # the earliest deliberation that reached this same result
    deliberated = timezone.localdate(origin["frozen_at"])
    threshold = session_rules(year).bonus_threshold
    data = TranscriptData(
        academy=candidate["academy__name"],
        session=year,
        texts=texts,
        identity=identity,
        jury=row["jury__name"],
        round=origin["round"],
        deliberated_on=deliberated,
        published_on=timezone.localdate(origin["published_at"]),
        units=_units(result["units"] or [], threshold),
        optional_bonus=""
        if not result["optional_bonus"] or Decimal(result["optional_bonus"]) == 0
        else format_grade(Decimal(result["optional_bonus"])),
        bonus_threshold=format_average(threshold),
        total_points=""
        if result["total_points"] is None
        else format_grade(Decimal(result["total_points"])),
        divisor=int(result["divisor"] or 0),
        average_display=result["average_display"] or "",
        average_after_resit_display=result["average_after_resit_display"] or "",
        decision_label=result["decision_label"],
        units_awarded=_kept(result["units_awarded"]),
        grades_kept=_kept(result["grades_kept"]),
        blocks=tuple(str(b) for b in result["blocks_obtained"] or []),
    )

    def issue(data: Any) -> Issue:
        return Issue(
            subject=f"candidate:{candidate['pk']}",
            subject_ref=candidate["number"],
            data=data,
            session_id=candidate["session_id"],
            session_year=year,
            academy_id=candidate["academy_id"],
            candidate_id=candidate["pk"],
            jury_id=row["jury_id"],
        )

    certificate = None
    if certificate_due({**result, "session": year}):
        vae_units = tuple(str(u) for u in candidate["vae_units"] or ())
        certificate = issue(
            BlocksCertificateData(
                academy=candidate["academy__name"],
                session=year,
                texts=texts,
                identity=identity,
                jury=row["jury__name"],
                deliberated_on=deliberated,
                decision_label=result["decision_label"],
                vae=any(u["state"] == "vae" for u in result["units"] or []) or bool(vae_units),
                blocks=_block_lines({**result, "session": year}, vae_units),
            )
        )
    return Prepared(
        candidate_id=candidate["pk"],
        session_id=candidate["session_id"],
        academy_id=candidate["academy_id"],
        email=candidate["user__email"] or "",
        user_id=candidate["user_id"],
        transcript=issue(data),
        certificate=certificate,
    )


def _chunks(candidate_ids: Sequence[int]) -> Iterator[list[Prepared]]:
    chunk: list[Prepared] = []
    for prepared in transcripts_prepared(candidate_ids):
        chunk.append(prepared)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _issue(
    prepared: Sequence[Prepared], *, actor: Any, reason: str, transcripts: bool, certificates: bool
) -> list[IssuedDocument]:
    issued: list[IssuedDocument] = []
    if transcripts:
        issued += documents_issue(
            kind=TRANSCRIPT, issues=[p.transcript for p in prepared], actor=actor, reason=reason
        )
    if certificates:
        issued += documents_issue(
            kind=BLOCKS_CERTIFICATE,
            issues=[p.certificate for p in prepared if p.certificate is not None],
            actor=actor,
            reason=reason,
        )
    return issued


def transcripts_issue(
    *,
    candidate_ids: Sequence[int],
    actor: Any,
    reason: str = "",
    transcripts: bool = True,
    certificates: bool = True,
) -> list[IssuedDocument]:
    """Issue the relevés (and the attestations of blocks where due) of these candidates whose
    latest result is published; the others get nothing. The same result gives back the same
    document; a changed one, a new version replacing it (``reason`` printed on it)."""
    issued: list[IssuedDocument] = []
    for chunk in _chunks(candidate_ids):
        issued += _issue(
            chunk, actor=actor, reason=reason, transcripts=transcripts, certificates=certificates
        )
    return issued


def transcripts_issuer(candidate_ids: Sequence[int], actor: Any) -> list[IssuedDocument]:
    """The relevés' issuer (``issuer_register``)."""
    return transcripts_issue(candidate_ids=candidate_ids, actor=actor, certificates=False)


def certificates_issuer(candidate_ids: Sequence[int], actor: Any) -> list[IssuedDocument]:
    """The attestations' issuer (``issuer_register``)."""
    return transcripts_issue(candidate_ids=candidate_ids, actor=actor, transcripts=False)


def _notice(prepared: Prepared, year: int) -> Notice:
    return Notice(
        address=prepared.email,
        subject=f"BTS NDRC session {year} : vos résultats sont publiés",
        body=mail_text(
            "Bonjour,",
            "",
            f"Les résultats de la session {year} du BTS NDRC sont publiés.",
            "Votre relevé de notes est disponible dans votre espace, page « Mes résultats »"
            + (
                ", ainsi que votre attestation de blocs de compétences."
                if prepared.certificate is not None
                else "."
            ),
        ),
        topic="results",
        session_id=prepared.session_id,
        academy_id=prepared.academy_id,
        candidate_id=prepared.candidate_id,
        recipient_id=prepared.user_id,
    )


def reopening_reason(jury_id: int) -> str:
    """Why the jury's round was deliberated again (the last reopening's reason), if it was."""
    entry = (
        AuditEntry.objects.filter(
            action="deliberation_reopen",
            object_type="deliberations.Jury",
            object_id=str(jury_id),
        )
        .order_by("-pk")
        .values_list("reason", flat=True)
        .first()
    )
    return entry or ""


def published_transcripts_work(
    *, params: dict[str, Any], actor: Any, progress: Progress
) -> dict[str, Any]:
    """The job run at publication: the relevés (and attestations) of the round's published
    candidates, chunk by chunk, each candidate told by e-mail once his or hers is issued."""
    jury = Jury.objects.select_related("session").get(pk=params["jury"])
    ids = list(
        FrozenResult.objects.filter(
            jury=jury, round=params["round"], published_at__isnull=False
        ).values_list("candidate_id", flat=True)
    )
    reason = reopening_reason(jury.pk) if params["round"] > 1 else ""
    total = len(ids)
    year = jury.session.year
    notify = params.get("notify", True)

    def work(chunk: list[int]) -> tuple[int, int]:
        prepared = list(transcripts_prepared(chunk))
        issued = _issue(prepared, actor=actor, reason=reason, transcripts=True, certificates=True)
        sent = 0
        if notify:
            records = notices_send([_notice(p, year) for p in prepared])
            sent = sum(1 for r in records if r.state == r.SENT)
        return len(issued), sent

    done = [0]

    def told(size: int) -> None:
        done[0] += size
        progress(done[0], total, f"{done[0]} candidat(s) sur {total}.")

    progress(0, total, "Délivrance des relevés de notes…")
    ids.sort()
    chunks = [ids[i : i + CHUNK] for i in range(0, total, CHUNK)]
    # In the database worker, drawn in as many processes as cores (batch.chunks_forked).
    counted = chunks_forked(chunks, work, done=told)
    documents = sum(n for n, _ in counted)
    sent = sum(m for _, m in counted)
    url = reverse("jury_detail", args=[jury.pk])
    return {
        "message": f"{documents} document(s) délivré(s) à {done[0]} candidat(s) ; "
        f"{sent} courriel(s) envoyé(s).",
        "url": url,
        "link_label": "Retour au jury",
        "count": documents,
    }


def published_transcripts_start(*, jury_id: int, round_: int, actor: Any) -> Any:
    """Start the job issuing the relevés of a published round."""
    return job_run(
        kind="transcripts_issue",
        task=published_transcripts_work,
        params={"jury": jury_id, "round": round_},
        actor=actor,
        label=f"Relevés de notes — jury {jury_id}, tour {round_}",
    )
