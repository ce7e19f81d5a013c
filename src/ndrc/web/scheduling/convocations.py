"""The convocations of the exam days, one module per concept:

- ``convocation_common``: the applied schedules, the people they convene, the lines of the
  schedule a convocation gives;
- ``convocation_candidates``: a candidate's convocation (its data, its issuing);
- ``convocation_examiners``: an examiner's convocation (its data, its issuing);
- ``convocation_sending``: sending them by e-mail as a job, the notices of a change or of a
  cancellation;
- ``convocation_selectors``: the exam office's overview, a candidate's current convocation.

This module gives their public names in one place, for the code that uses several."""

from ndrc.web.scheduling.convocation_candidates import (
    CONVOCATION,
    candidate_convocations,
    convocations_issue,
    convocations_issuer,
)
from ndrc.web.scheduling.convocation_common import (
    CHUNK,
    JOB_KIND,
    TOPIC,
    applied_schedules,
    candidate_lines,
    convened_candidates,
    convened_examiners,
)
from ndrc.web.scheduling.convocation_examiners import (
    EXAMINER_CONVOCATION,
    examiner_convocations,
    examiner_convocations_issue,
    examiner_lines,
)
from ndrc.web.scheduling.convocation_selectors import (
    Changed,
    ConvocationOverview,
    convocation_current,
    convocation_overview,
)
from ndrc.web.scheduling.convocation_sending import (
    CHANGE_REASON,
    candidates_send,
    convocations_send_start,
    convocations_send_work,
)

__all__ = [
    "CHANGE_REASON",
    "CHUNK",
    "CONVOCATION",
    "EXAMINER_CONVOCATION",
    "JOB_KIND",
    "TOPIC",
    "Changed",
    "ConvocationOverview",
    "applied_schedules",
    "candidate_convocations",
    "candidate_lines",
    "candidates_send",
    "convened_candidates",
    "convened_examiners",
    "convocation_current",
    "convocation_overview",
    "convocations_issue",
    "convocations_issuer",
    "convocations_send_start",
    "convocations_send_work",
    "examiner_convocations",
    "examiner_convocations_issue",
    "examiner_lines",
]
