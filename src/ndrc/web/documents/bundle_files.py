"""Many documents written to one file as they come, never all held in memory: one ZIP, one
file per document (stored, fixed dates: the same documents give the same archive), or one
merged PDF. The bundles' job writes its files with them (deliberations.document_jobs)."""

from __future__ import annotations

import io
import zipfile
from array import array
from collections import deque
from pathlib import Path
from typing import Any, BinaryIO

from ndrc.web.documents.models import IssuedDocument

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class NotMergeable(ValueError):
    """A document that cannot enter a merged PDF (not a PDF, or encrypted): French message."""


class ZipFile:
    """A ZIP written entry by entry (stored, not compressed: PDFs are compressed already);
    one file per document, named as issued (a name met twice gets its reference added)."""

    def __init__(self, path: Path) -> None:
        self.archive = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED, allowZip64=True)
        self.seen: set[str] = set()

    def add(self, document: IssuedDocument) -> None:
        name = document.filename
        if name in self.seen:
            name = f"{document.reference}-{name}"
        self.seen.add(name)
        self.archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), bytes(document.content))

    def __enter__(self) -> ZipFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.archive.close()


class MergedPdfFile:
    """One PDF made of many PDF documents, written to a file object by object as they come:
    each document's pages and what they use (contents, fonts, images) are copied with new
    object numbers, their bytes unchanged; the page tree, the catalogue and the table of
    objects are written at the end. Only the table's offsets and the pages' numbers stay in
    memory (a few bytes per object), so 30,000 documents merge as well as 3 — unlike pypdf's
    ``PdfWriter``, which holds every object until it writes."""

    CATALOG, PAGES = 1, 2

    def __init__(self, path: Path, *, title: str = "") -> None:
        self.out: BinaryIO = path.open("wb", buffering=1 << 20)
        self.position = 0
        self.offsets = array("Q", [0, 0])  # by object number - 1; 1 and 2 written last
        self.next = 3
        self.pages = array("Q")
        self.title = title
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.position += len(data)

    def _allocate(self) -> int:
        number, self.next = self.next, self.next + 1
        return number

    def add(self, document: IssuedDocument) -> None:
        if document.mimetype != "application/pdf":
            raise NotMergeable(
                f"Le document {document.reference} n'est pas un PDF : choisissez le format ZIP."
            )
        self.add_pdf(bytes(document.content))

    def add_pdf(self, content: bytes) -> None:
        """Append every page of this PDF."""
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise NotMergeable("Un document chiffré ne peut pas être fusionné : choisissez le ZIP.")
        numbers: dict[int, int] = {}  # the document's object numbers → the merged file's
        for page in reader.pages:
            self._copy_page(page, numbers)

    def _copy_page(self, page: Any, numbers: dict[int, int]) -> None:
        from pypdf.generic import (
            ArrayObject,
            DictionaryObject,
            IndirectObject,
            NameObject,
            StreamObject,
        )

        queue: deque[tuple[int, Any]] = deque()

        def number_of(reference: Any) -> int:
            known = numbers.get(reference.idnum)
            if known is None:
                known = numbers[reference.idnum] = self._allocate()
                queue.append((known, reference.get_object()))
            return known

        def copy(value: Any) -> Any:
            if isinstance(value, IndirectObject):
                return IndirectObject(number_of(value), 0, None)
            if isinstance(value, StreamObject):
                stream = StreamObject()
                stream.update({k: copy(v) for k, v in value.items()})
                stream._data = value._data  # the encoded bytes, copied unchanged
                return stream
            if isinstance(value, DictionaryObject):
                return DictionaryObject({k: copy(v) for k, v in value.items()})
            if isinstance(value, ArrayObject):
                return ArrayObject(copy(v) for v in value)
            return value

        # The page without its parent (the new page tree is its parent), then all it uses.
        own = DictionaryObject({k: v for k, v in page.items() if k != "/Parent"})
        if page.indirect_reference is not None:
            numbers[page.indirect_reference.idnum] = self.next
        number = self._allocate()
        self.pages.append(number)
        copied = copy(own)
        copied[NameObject("/Parent")] = IndirectObject(self.PAGES, 0, None)
        self._object(number, copied)
        while queue:
            number, value = queue.popleft()
            self._object(number, copy(value))

    def _object(self, number: int, value: Any) -> None:
        buffer = io.BytesIO()
        buffer.write(f"{number} 0 obj\n".encode())
        value.write_to_stream(buffer)
        buffer.write(b"\nendobj\n")
        while len(self.offsets) < number:
            self.offsets.append(0)
        self.offsets[number - 1] = self.position
        self._write(buffer.getvalue())

    def close(self) -> None:
        from pypdf.generic import (
            ArrayObject,
            DictionaryObject,
            IndirectObject,
            NameObject,
            NumberObject,
            TextStringObject,
        )

        kids = ArrayObject(IndirectObject(n, 0, None) for n in self.pages)
        pages = {
            NameObject("/Type"): NameObject("/Pages"),
            NameObject("/Kids"): kids,
            NameObject("/Count"): NumberObject(len(self.pages)),
        }
        self._object(self.PAGES, DictionaryObject(pages))
        catalog = {
            NameObject("/Type"): NameObject("/Catalog"),
            NameObject("/Pages"): IndirectObject(self.PAGES, 0, None),
        }
        self._object(self.CATALOG, DictionaryObject(catalog))
        info = {NameObject("/Producer"): TextStringObject("BTS NDRC — gestion de l'examen")}
        if self.title:
            info[NameObject("/Title")] = TextStringObject(self.title)
        info_number = self._allocate()
        self._object(info_number, DictionaryObject(info))
        start, size = self.position, len(self.offsets) + 1
        lines = [f"xref\n0 {size}\n0000000000 65535 f \n".encode()]
        lines += [f"{offset:010d} 00000 n \n".encode() for offset in self.offsets]
        self._write(b"".join(lines))
        self._write(
            f"trailer\n<< /Size {size} /Root {self.CATALOG} 0 R /Info {info_number} 0 R >>\n"
            f"startxref\n{start}\n%%EOF\n".encode()
        )
        self.out.close()

    def __enter__(self) -> MergedPdfFile:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self.out.close()
