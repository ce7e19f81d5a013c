"""The results engine: from a candidate's grades to the jury's decision, with what the
candidate keeps and an explanation of every step.

Averages are exact fractions, compared with no rounding; display rounding happens only when a
figure is written for a person. One decision ladder (``engine``) serves both the decisions of
a whole session (``decide_all``) and the full results with their explanation
(``deliberate_all``).

Modules:

- ``inputs``: what the engine reads (``ResultInput``, jury changes, resit grades);
- ``decision``: the decisions, their categories and the pass rate;
- ``compiled``: the compiled form of a plan and the session's parameters, resolved once;
- ``citations``: the citations of the engine's own steps, from the data;
- ``unit_grades``: the grade each unit counts with (conformity, jury changes, exemptions,
  VAE, E5 from its parts, carried-over grades, force majeure);
- ``average``: the general average (optional points, ceiling) and the professional average;
- ``resit``: the resit orals;
- ``kept``: units awarded, grades kept, blocks obtained;
- ``result``: the full result and its units;
- ``trace``: the explanation, recorded compactly and written in French when read;
- ``display``: averages as shown to a person;
- ``engine``: the ladder, ``decide`` and ``deliberate``;
- ``what_if`` (and ``what_if_search``): the grade needed at the épreuves still to sit and
  each choice of resit units, by the engine (DEC D126, D127).
"""

from ndrc.rules.results.decision import Decision, pass_rate
from ndrc.rules.results.display import decision_thresholds, display_average, format_average
from ndrc.rules.results.engine import Decided, decide, decide_all, deliberate, deliberate_all
from ndrc.rules.results.inputs import AssessmentForm, JuryChange, ResitGrade, ResultInput
from ndrc.rules.results.resit import resit_units
from ndrc.rules.results.result import KeptUnit, Result, UnitResult

__all__ = [
    "AssessmentForm",
    "Decided",
    "Decision",
    "JuryChange",
    "KeptUnit",
    "ResitGrade",
    "Result",
    "ResultInput",
    "UnitResult",
    "decide",
    "decide_all",
    "decision_thresholds",
    "deliberate",
    "deliberate_all",
    "display_average",
    "format_average",
    "pass_rate",
    "resit_units",
]
