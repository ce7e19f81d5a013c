"""Signals of the jobs app: ``job_files_purge`` asks the apps that keep files for failed jobs
(an import's uploaded file) to drop those of ``failed`` (a queryset of jobs failed longer ago
than ``NDRC_JOBS_KEEP_FAILED_DAYS``); a receiver answers ``{"what": count}``."""

from django.dispatch import Signal

job_files_purge = Signal()
