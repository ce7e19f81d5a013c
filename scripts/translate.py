"""Fill English translations in the gettext catalogue from a JSON dict {msgid: msgstr}.

Usage: python scripts/translate.py TRANSLATIONS.json
Removes the fuzzy flag of the entries it fills; reports the entries still untranslated.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "src/ndrc/web/locale/en/LC_MESSAGES/django.po"


def _unquote(lines: list[str]) -> str:
    return "".join(json.loads(line[line.index('"') :]) for line in lines)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def main(path: str) -> int:
    wanted: dict[str, str] = json.loads(Path(path).read_text(encoding="utf-8"))
    blocks = CATALOGUE.read_text(encoding="utf-8").split("\n\n")
    missing = []
    for i, block in enumerate(blocks):
        lines = block.splitlines()
        ids = [n for n, line in enumerate(lines) if line.startswith("msgid ")]
        strs = [n for n, line in enumerate(lines) if line.startswith("msgstr ")]
        if not ids or not strs or "msgid_plural" in block:
            continue
        msgid = _unquote(lines[ids[0] : strs[0]])
        if not msgid:
            continue
        msgstr = _unquote(lines[strs[0] :])
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        if msgid in wanted:
            head = [
                line
                for line in lines[: strs[0]]
                if not line.startswith("#|") and not re.fullmatch(r"#, fuzzy", line)
            ]
            head = [line.replace(", fuzzy", "") for line in head]
            blocks[i] = "\n".join([*head, f"msgstr {_quote(wanted[msgid])}"])
        elif not msgstr or fuzzy:
            missing.append(msgid)
    CATALOGUE.write_text("\n\n".join(blocks), encoding="utf-8")
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
