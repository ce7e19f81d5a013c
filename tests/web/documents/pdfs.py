"""Reading a PDF back in the documents' tests: its text and metadata (pypdf), and its first
page as an image compared with a reference one (pdftoppm from Debian's poppler-utils, which
``make test`` installs), so that a regression of the layout fails.

A reference image is written only on demand: ``NDRC_UPDATE_REFERENCES=1 pytest …`` (then look
at the images in ``references/`` before committing them)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

REFERENCES = Path(__file__).parent / "references"
RESOLUTION = 60  # dots per inch: enough to see a moved block, small to keep


def pdf_text(content: bytes) -> str:
    """The text of every page, one after the other."""
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def pdf_metadata(content: bytes) -> dict[str, str]:
    meta = PdfReader(io.BytesIO(content)).metadata or {}
    return {str(k).lstrip("/"): str(v) for k, v in meta.items()}


def first_page_image(content: bytes) -> Image.Image:
    """The first page as a grey image (pdftoppm)."""
    if shutil.which("pdftoppm") is None:
        raise AssertionError(
            "pdftoppm est requis (paquet Debian poppler-utils : scripts/ensure-poppler)."
        )
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(content)
        subprocess.run(
            [
                "pdftoppm",
                "-f",
                "1",
                "-l",
                "1",
                "-r",
                str(RESOLUTION),
                "-gray",
                "-png",
                str(source),
                str(Path(folder) / "page"),
            ],
            check=True,
            capture_output=True,
        )
        page = next(Path(folder).glob("page*.png"))
        return Image.open(page).convert("L").copy()


def assert_looks_like(content: bytes, name: str, *, tolerance: float = 0.01) -> None:
    """The first page looks like the reference ``references/<name>.png``: same size and a mean
    difference of the pixels under ``tolerance`` (0.01: one per cent of full contrast)."""
    image = first_page_image(content)
    reference = REFERENCES / f"{name}.png"
    if os.environ.get("NDRC_UPDATE_REFERENCES") == "1":
        REFERENCES.mkdir(exist_ok=True)
        image.save(reference, optimize=True)
    assert reference.exists(), (
        f"Pas d'image de référence {reference.name} : NDRC_UPDATE_REFERENCES=1 pour l'écrire."
    )
    expected = Image.open(reference).convert("L")
    assert image.size == expected.size, f"taille {image.size} au lieu de {expected.size}"
    difference = ImageStat.Stat(ImageChops.difference(image, expected)).mean[0] / 255
    assert difference <= tolerance, (
        f"La première page diffère de la référence {name} de {difference:.2%} "
        f"(tolérance {tolerance:.2%})."
    )
