"""Exam-management system for the BTS NDRC."""

__version__ = "0.1.0"
