"""English is complete: every French string of the interface has its translation compiled."""

import gettext
from pathlib import Path

import ndrc.web

LOCALE = Path(ndrc.web.__file__).parent / "locale" / "en" / "LC_MESSAGES"


def _po_msgids() -> int:
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = [block for block in text.split("\n\n") if "\nmsgid " in f"\n{block}"]
    untranslated = [
        b for b in entries if b.rstrip().endswith('msgstr ""') and 'msgid ""\n"' not in b
    ]
    assert not untranslated[1:], untranslated[1:3]  # the first entry is the header
    return len(entries) - 1


def test_every_interface_string_has_a_compiled_english_translation():
    with (LOCALE / "django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    # A plural entry is compiled under two keys, (msgid, 0) and (msgid, 1).
    compiled = len({k[0] if isinstance(k, tuple) else k for k in catalog._catalog if k})
    assert compiled == _po_msgids(), "recompile: make messages"
    assert catalog.gettext("Règlement d'examen") == "Exam regulation"


def _po_ids() -> set[str]:
    import json

    ids = set()
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        lines = block.splitlines()
        start = next((i for i, line in enumerate(lines) if line.startswith("msgid ")), None)
        if start is None:
            continue
        text = []
        for line in lines[start:]:
            if line.startswith(("msgstr", "msgid_plural")):
                break
            text.append(json.loads(line[line.index('"') :]))
        ids.add("".join(text))
    return ids


def test_the_catalogue_has_no_fuzzy_entry_and_knows_every_marked_string():
    import re

    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    blocks = text.split("\n\n")[1:]  # the header is fuzzy by convention
    assert not [b for b in blocks if "#, fuzzy" in b or ", fuzzy" in b], "fuzzy entries"
    root = Path(ndrc.web.__file__).parent
    marked = set()
    for path in root.rglob("*.html"):
        marked |= set(re.findall(r'{% translate "([^"]+)" %}', path.read_text(encoding="utf-8")))
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        marked |= set(re.findall(r'\b_\("([^"\\]+)"\)', path.read_text(encoding="utf-8")))
    missing = sorted(marked - _po_ids())
    assert not missing, f"run make messages and translate: {missing[:5]}"
