"""The annex of figures of a document (the PV's): each plot (``plots.Panel``, drawn as a PNG)
beside the table of its numbers, on landscape pages. A histogram's table is laid across
(its classes side by side under the plot); a table too long to stand beside its plot goes
under it (split over pages, its header repeated)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, KeepTogether, PageBreak, Table, TableStyle

from ndrc.web.documents import layout
from ndrc.web.plots import HISTOGRAM, Panel, panel_draw

TITLE = "Annexe — statistiques du jury"
# The landscape frame: 267 mm wide; a plot beside its table.
PLOT_WIDTH = 130
TABLE_WIDTH = 132
PLOT_HEIGHT = 105
# A histogram's height: two on a page.
HISTOGRAM_HEIGHT = 58
# The rows of a table that still stand beside its plot on one page.
ROWS_BESIDE = 16


def _image(panel: Panel, *, width: float, height: float) -> Image:
    content = panel_draw(panel)
    pixels_wide, pixels_high = ImageReader(io.BytesIO(content)).getSize()
    scale = min(width * mm / pixels_wide, height * mm / pixels_high)
    return Image(io.BytesIO(content), width=pixels_wide * scale, height=pixels_high * scale)


def _widths(columns: int, total: float, first: float) -> list[float]:
    if columns == 1:
        return [total]
    return [first, *[(total - first) / (columns - 1)] * (columns - 1)]


def _table(rows: Sequence[Sequence[str]], total: float) -> Table:
    columns = len(rows[0])
    first = min(38.0, total * 0.4)
    return layout.table(rows, widths=_widths(columns, total, first), right=range(1, columns))


def _histogram(panel: Panel) -> list[object]:
    """The plot, then its classes across (one column each) and the rest (grades, states,
    mean) as a line."""
    classes = len(panel.values)
    across = [
        [panel.header[0], *(row[0] for row in panel.rows[:classes])],
        [panel.header[1], *(row[1] for row in panel.rows[:classes])],
    ]
    rest = " ; ".join(f"{label} : {value}" for label, value in panel.rows[classes:])
    width = 267 / (classes + 2)
    grid = layout.table(across, widths=[2 * width, *[width] * classes], right=())
    return [
        _image(panel, width=200, height=HISTOGRAM_HEIGHT),
        grid,
        layout.text(rest, "small"),
    ]


def annex_story(story: layout.Story, panels: Sequence[Panel]) -> None:
    """Add the annex: a new page, then each panel under its title."""
    if not panels:
        return
    story.add(PageBreak()).heading(TITLE)
    for panel in panels:
        head = [layout.heading(panel.title)]
        rows = [panel.header, *panel.rows]
        if panel.kind == HISTOGRAM:
            story.add(KeepTogether([*head, *_histogram(panel)]))
        elif len(rows) <= ROWS_BESIDE:
            beside = Table(
                [[_image(panel, width=PLOT_WIDTH, height=PLOT_HEIGHT), _table(rows, TABLE_WIDTH)]],
                colWidths=[(PLOT_WIDTH + 3) * mm, TABLE_WIDTH * mm],
                hAlign="LEFT",
            )
            beside.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.add(KeepTogether([*head, beside]))
        else:
            story.add(KeepTogether([*head, _image(panel, width=PLOT_WIDTH, height=PLOT_HEIGHT)]))
            story.add(_table(rows, 267))
