"""The conformity of many candidates' dossiers, judged again only where what it is judged on
has changed. A proposed result keeps the conformity it was computed with and the key of what
it was judged on (``conformity_key``: the file as docs/conformity-format.md writes it, the
académie's dates, whether the deposit deadline is still ahead, the rules' fingerprint); a
change of grades, of jury changes or of resits leaves the key unchanged and the stored
outcomes are read back instead of judging the dossiers again."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import TextField
from django.db.models.functions import Cast

from ndrc.rules.conformity import ConformityReport, DossierOutcome, check_conformity
from ndrc.rules.conformity_input import conformity_input_from_dict
from ndrc.rules.errors import InvalidCandidate
from ndrc.rules.fingerprint import rules_fingerprint
from ndrc.web.candidates.models import Candidate, ProposedResult
from ndrc.web.candidates.rules_inputs import (
    DossierRow,
    candidate_profile,
    conformity_data,
    conformity_files,
)
from ndrc.web.lookups import among


class StoredConformity(NamedTuple):
    """A conformity read back from a proposed result: its outcomes, what the results engine
    reads of a conformity report."""

    outcomes: tuple[DossierOutcome, ...]


Conformity = ConformityReport | StoredConformity | str


def conformity_key(
    data: dict[str, Any], dossiers: Sequence[DossierRow], *, before_deadline: bool
) -> str:
    """The key of what a conformity is judged on: the file but its dossiers (``data``), the
    dossiers' stored texts, the deadline still ahead or not, the rules' fingerprint."""
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{rules_fingerprint()}|{before_deadline}|".encode())
    digest.update(text.encode())
    for dossier in sorted(dossiers, key=lambda d: d.exam):
        digest.update(f"\x00{dossier.exam}\x00{dossier.text}".encode())
    return digest.hexdigest()


@dataclass
class ChunkConformity:
    """The conformity of a chunk of candidates: ``reports`` as the deliberation reads it
    (the deposit deadline passed), ``listed`` as the commission's list shows it today
    (judged again only), ``keys`` what each was judged on, ``kept`` the candidates whose
    stored conformity was read back (their list rows stay as they are)."""

    reports: dict[int, Conformity] = field(default_factory=dict)
    listed: dict[int, ConformityReport] = field(default_factory=dict)
    keys: dict[int, str] = field(default_factory=dict)
    kept: set[int] = field(default_factory=set)
    read_back: dict[int, list[dict[str, Any]]] = field(default_factory=dict)

    def stored(self, pk: int) -> list[dict[str, Any]] | None:
        """The outcomes to store with the proposed result (None for an unreadable file)."""
        if pk in self.read_back:
            return self.read_back[pk]
        report = self.reports.get(pk)
        if report is None or isinstance(report, str):
            return None
        return [o.to_dict() for o in report.outcomes]


def chunk_conformity(candidates: Sequence[Candidate], *, today: dt.date) -> ChunkConformity:
    """The conformity of these candidates, judged again only where its key has changed
    (four queries: the stored proposals, periods, dossiers and académies' dates)."""
    files = conformity_files(candidates)
    # Read as text and parsed once per distinct text: most candidates share their outcomes.
    stored = {
        pk: (key, text, unreadable)
        for pk, key, text, unreadable in ProposedResult.objects.filter(
            among("candidate_id", (c.pk for c in candidates))
        )
        .annotate(text=Cast("conformity", TextField()))
        .values_list("candidate_id", "conformity_key", "text", "unreadable")
    }
    parsed: dict[str, tuple[list[dict[str, Any]], StoredConformity]] = {}
    chunk = ChunkConformity()
    for candidate in candidates:
        calendar = files.calendar(candidate)
        deadline = None if calendar is None else calendar.deposit_deadline
        early = deadline is not None and today <= deadline
        # Keyed by the dossiers' texts: their content is read only to be judged again.
        dossiers = files.dossiers[candidate.pk]
        data = conformity_data(candidate, files.periods[candidate.pk], (), calendar=calendar)
        key = chunk.keys[candidate.pk] = conformity_key(data, dossiers, before_deadline=early)
        previous = stored.get(candidate.pk)
        if previous is not None and previous[0] == key:
            text, unreadable = previous[1], previous[2]
            if text is None or text == "null":
                chunk.reports[candidate.pk] = unreadable
            else:
                if text not in parsed:
                    outcomes = json.loads(text)
                    parsed[text] = (
                        outcomes,
                        StoredConformity(tuple(DossierOutcome.from_dict(o) for o in outcomes)),
                    )
                chunk.read_back[candidate.pk], chunk.reports[candidate.pk] = parsed[text]
            chunk.kept.add(candidate.pk)
            continue
        try:
            data["dossiers"] = {d.exam: d.content for d in dossiers}
            judged = conformity_input_from_dict(data, candidate=candidate_profile(candidate))
            report = check_conformity(judged)
            chunk.reports[candidate.pk] = report
            chunk.listed[candidate.pk] = check_conformity(judged, as_of=today) if early else report
        except InvalidCandidate as error:
            chunk.reports[candidate.pk] = str(error)
    return chunk
