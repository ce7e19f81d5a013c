"""Evaluation grids (issue « 12 · Evaluation »): for each épreuve an examiner or a commission
grades (E4, E5 practical, E6, EF2), form and situation, the criteria to assess with a level
each, the scale, the composition defects the grid may penalise, and the text they come from.

- ``templates``: the default grids, built from the référentiel's competences and performance
  criteria for the épreuve's version (`data/grids.yaml` says which competences each phase or
  situation evaluates), and `grid_in_force`, the grid of a session (the national circular's
  one, loaded, replaces the default);
- ``loading``: a national circular's grid read from YAML or CSV, checked;
- ``filling``: what a filled grid must hold before it is signed.
"""

from ndrc.rules.grids.filling import FilledGrid, GridIncomplete, check_filled, defects_found
from ndrc.rules.grids.loading import InvalidGrid, grid_from_csv, grid_from_yaml
from ndrc.rules.grids.templates import (
    Criterion,
    Grid,
    GridKey,
    Level,
    Section,
    commission_seats,
    default_grids,
    graded_on_grid,
    grid_from_dict,
    grid_in_force,
)

__all__ = [
    "Criterion",
    "FilledGrid",
    "Grid",
    "GridIncomplete",
    "GridKey",
    "InvalidGrid",
    "Level",
    "Section",
    "check_filled",
    "commission_seats",
    "default_grids",
    "defects_found",
    "graded_on_grid",
    "grid_from_csv",
    "grid_from_dict",
    "grid_from_yaml",
    "grid_in_force",
]
