"""What an evaluation dossier's file may be: a PDF, an image (PNG, JPEG) or an office
document (Word, Excel, PowerPoint, OpenDocument), 10 Mo at most, its type read from its
content (never from its name alone: the name's extension must agree with it). Office
documents with macros and the old binary formats are refused."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

MAX_BYTES = 10 * 1024 * 1024

_OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}
_ODF = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
_EXTENSIONS = {
    "pdf": ("pdf",),
    "png": ("png",),
    "jpeg": ("jpg", "jpeg"),
}


class RefusedFile(ValueError):
    """The file is not one the dossier keeps (the message says why, in French)."""


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    mimetype: str


def safe_filename(name: str) -> str:
    """The file's name without its folders, in letters, digits, spaces, dots, dashes and
    underscores, 128 characters at most (its extension kept)."""
    base = re.split(r"[\\/]", name)[-1].strip()
    cleaned = re.sub(r"[^\w .\-]", "_", base).strip(" .") or "fichier"
    if len(cleaned) > 128:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = (stem[: 127 - len(ext)] + dot + ext) if dot and len(ext) <= 8 else cleaned[:128]
    return cleaned


def _zip_type(content: bytes) -> tuple[str, tuple[str, ...]]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if declared in _ODF:
                    return declared, (_ODF[declared],)
            if "[Content_Types].xml" in names:
                if any(n.lower().endswith("vbaproject.bin") for n in names):
                    raise RefusedFile("Document contenant des macros : enregistrez-le sans macros.")
                for folder, (mimetype, ext) in _OOXML.items():
                    if any(n.startswith(folder) for n in names):
                        return mimetype, (ext,)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        pass
    raise RefusedFile(
        "Archive non reconnue : déposez un PDF, une image ou un document bureautique."
    )


def check_file(*, name: str, content: bytes) -> CheckedFile:
    """The file's safe name and its type read from its content, or ``RefusedFile``."""
    if not content:
        raise RefusedFile("Le fichier est vide.")
    if len(content) > MAX_BYTES:
        raise RefusedFile(f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo.")
    filename = safe_filename(name)
    if content.startswith(b"%PDF-"):
        mimetype, extensions = "application/pdf", _EXTENSIONS["pdf"]
    elif content.startswith(b"\x89PNG\r\n\x1a\n"):
        mimetype, extensions = "image/png", _EXTENSIONS["png"]
    elif content.startswith(b"\xff\xd8\xff"):
        mimetype, extensions = "image/jpeg", _EXTENSIONS["jpeg"]
    elif content.startswith(b"PK\x03\x04"):
        mimetype, extensions = _zip_type(content)
    else:
        raise RefusedFile(
            "Type de fichier refusé : déposez un PDF, une image PNG ou JPEG, ou un document "
            "Word, Excel, PowerPoint ou OpenDocument."
        )
    ext = filename.rpartition(".")[2].lower() if "." in filename else ""
    if ext not in extensions:
        raise RefusedFile(
            f"Le nom du fichier ne correspond pas à son contenu : un fichier .{extensions[0]} "
            "est attendu."
        )
    return CheckedFile(filename=filename, mimetype=mimetype)
