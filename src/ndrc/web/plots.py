"""The plots of the pages and documents (PNG drawn with matplotlib, no pyplot state): a
histogram of grades, horizontal bars of rates (this session's beside the previous one's) and
bars of counts stacked by decision. Each is drawn beside a table of its numbers by its page
(the image alone says nothing to a screen reader). Drawing takes tens of milliseconds: a page
serves them through ``png_cached``, keyed by the numbers drawn."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpResponse

BAR_COLOUR = "#000091"
FLAG_COLOUR = "#ce0500"
PREVIOUS_COLOUR = "#9a9aff"
# The colours of stacked series, in order (DSFR's illustrative colours).
SERIES_COLOURS = ("#000091", "#18753c", "#b34000", "#6a6af4", "#ce0500", "#716043", "#666666")
# How long a drawn PNG is kept (its key already changes with its numbers).
CACHE_SECONDS = 3600


def comma(value: float, _position: object = None) -> str:
    """An axis' figure in French: « 12,5 », « 10 »."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def percent(value: float, _position: object = None) -> str:
    return f"{comma(value)} %"


def png_bytes(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return buffer.getvalue()


def png_response(content: bytes) -> HttpResponse:
    """A PNG for the signed-in user only (never kept by a shared cache)."""
    response = HttpResponse(content, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


def png_cached(key: object, draw: Callable[[], bytes]) -> bytes:
    """The PNG drawn for these numbers (``key``: plain values, every number and label drawn),
    drawn once while they stay the same."""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    name = f"plot:{digest}"
    content = cache.get(name)
    if content is None:
        content = draw()
        cache.set(name, content, CACHE_SECONDS)
    return content


def histogram(
    *,
    title: str,
    lows: Sequence[float],
    counts: Sequence[int],
    width: float,
    top: float,
    xlabel: str,
    ylabel: str,
    mean: float | None = None,
    mean_label: str = "",
) -> bytes:
    """Counts by classes ``width`` wide from each of ``lows``, a dashed line at the mean."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    figure = Figure(figsize=(7, 3.5))
    axes = figure.add_subplot()
    axes.bar(lows, counts, width=width, align="edge", color=BAR_COLOUR, edgecolor="white")
    if mean is not None:
        axes.axvline(mean, color=FLAG_COLOUR, linestyle="--", label=mean_label)
        axes.legend()
    axes.set_xlim(0, top)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    axes.xaxis.set_major_formatter(FuncFormatter(comma))
    # Counts: whole numbers on the axis, never « 0,2 ».
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    return png_bytes(figure)


def rate_bars(
    *,
    title: str,
    labels: Sequence[str],
    rates: Sequence[float | None],
    previous: Sequence[float | None] | None = None,
    legend: tuple[str, str] = ("", ""),
    xlabel: str = "",
    empty: str = "",
    texts: Sequence[str] = (),
    previous_texts: Sequence[str] = (),
) -> bytes:
    """Horizontal bars of rates in per cent (0 to 100), one per label, each written at its end
    (``texts``: « 72,4 % » as the table writes it); with ``previous``, the previous session's
    bar beside each (a missing rate draws no bar)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    n = len(labels)
    figure = Figure(figsize=(8, max(2.2, 0.5 * n * (2 if previous else 1) + 1.2)))
    axes = figure.add_subplot()
    if not n:
        axes.text(0.5, 0.5, empty, ha="center", va="center", transform=axes.transAxes)
        axes.set_yticks([])
    else:
        positions = list(range(n))
        height = 0.4 if previous is not None else 0.6
        current = [r or 0.0 for r in rates]
        shift = height / 2 if previous is not None else 0.0
        bars = axes.barh(
            [p - shift for p in positions],
            current,
            height=height,
            color=BAR_COLOUR,
            label=legend[0] or None,
        )
        if texts:
            axes.bar_label(bars, labels=list(texts), padding=3, fontsize=8)
        if previous is not None:
            before = axes.barh(
                [p + shift for p in positions],
                [r or 0.0 for r in previous],
                height=height,
                color=PREVIOUS_COLOUR,
                label=legend[1] or None,
            )
            if previous_texts:
                axes.bar_label(before, labels=list(previous_texts), padding=3, fontsize=8)
            axes.legend(loc="lower right", fontsize=8)
        axes.set_yticks(positions)
        axes.set_yticklabels([label[:50] for label in labels], fontsize=8)
        axes.invert_yaxis()
    axes.set_xlim(0, 112)  # room for the text of a bar at 100 %
    axes.set_xticks([0, 20, 40, 60, 80, 100])
    axes.set_xlabel(xlabel)
    axes.set_title(title)
    axes.xaxis.set_major_formatter(FuncFormatter(percent))
    return png_bytes(figure)


def stacked_bars(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    xlabel: str = "",
    empty: str = "",
) -> bytes:
    """Horizontal bars of counts, one per label, stacked by series (name, a count per label)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(8, max(2.2, 0.5 * len(labels) + 1.6)))
    axes = figure.add_subplot()
    if not labels:
        axes.text(0.5, 0.5, empty, ha="center", va="center", transform=axes.transAxes)
        axes.set_yticks([])
    else:
        left = [0] * len(labels)
        for index, (name, counts) in enumerate(series):
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            axes.barh(range(len(labels)), counts, left=left, color=colour, label=name)
            left = [a + b for a, b in zip(left, counts, strict=True)]
        axes.set_yticks(range(len(labels)))
        axes.set_yticklabels([label[:50] for label in labels], fontsize=8)
        axes.invert_yaxis()
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, fontsize=8)
    axes.set_xlabel(xlabel)
    axes.set_title(title)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    return png_bytes(figure)


@dataclass(frozen=True)
class Panel:
    """A plot and the table of its numbers, as plain values (a page and a PDF draw the same):
    ``kind`` is RATES (``values`` in per cent, ``previous`` beside them when given), STACKED
    (``series``: a name and a count per label) or HISTOGRAM (``values`` the counts of the
    classes one point wide from 0, ``mean``)."""

    slug: str
    title: str
    alt: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    kind: str
    labels: tuple[str, ...] = ()
    values: tuple[float | None, ...] = ()
    texts: tuple[str, ...] = ()
    previous: tuple[float | None, ...] | None = None
    previous_texts: tuple[str, ...] = ()
    series: tuple[tuple[str, tuple[int, ...]], ...] = ()
    legend: tuple[str, str] = ("", "")
    xlabel: str = ""
    ylabel: str = ""
    mean: float | None = None
    mean_label: str = ""
    top: float = 20.0
    empty: str = ""

    @property
    def classes(self) -> tuple[tuple[str, ...], ...]:
        """A histogram's rows of classes (its first rows), laid across by a page."""
        return self.rows[: len(self.values)] if self.kind == HISTOGRAM else ()

    @property
    def halves(self) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """A histogram's classes in two halves (a page lays each across, on one line)."""
        middle = (len(self.classes) + 1) // 2
        return (self.classes[:middle], self.classes[middle:]) if self.classes else ()

    @property
    def summary(self) -> tuple[tuple[str, ...], ...]:
        """The other rows (all of them but for a histogram)."""
        return self.rows[len(self.classes) :]


RATES = "rates"
STACKED = "stacked"
HISTOGRAM = "histogram"


def panel_draw(panel: Panel) -> bytes:
    """The panel's plot as a PNG (drawn once while its numbers stay the same)."""
    return png_cached(panel, lambda: _draw(panel))


def _draw(panel: Panel) -> bytes:
    if panel.kind == HISTOGRAM:
        return histogram(
            title=panel.title,
            lows=list(range(len(panel.values))),
            counts=[int(v or 0) for v in panel.values],
            width=1.0,
            top=panel.top,
            xlabel=panel.xlabel,
            ylabel=panel.ylabel,
            mean=panel.mean,
            mean_label=panel.mean_label,
        )
    if panel.kind == STACKED:
        return stacked_bars(
            title=panel.title,
            labels=panel.labels,
            series=panel.series,
            xlabel=panel.xlabel,
            empty=panel.empty,
        )
    return rate_bars(
        title=panel.title,
        labels=panel.labels,
        rates=panel.values,
        previous=panel.previous,
        legend=panel.legend,
        texts=panel.texts,
        previous_texts=panel.previous_texts,
        xlabel=panel.xlabel,
        empty=panel.empty,
    )
