"""The fingerprint of the rules core: a digest of its code and of its regulatory data. A
result derived from the rules and stored (a candidate's conformity) is reused only while the
fingerprint it was computed under is the present one: a new version of a rule or of a value
computes it again."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

_ROOT = Path(__file__).parent


@cache
def rules_fingerprint() -> str:
    """A short digest of every source and data file of the rules core (read once)."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(_ROOT.rglob("*")):
        if path.suffix in (".py", ".yaml", ".yml", ".json") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
