"""The ``ndrc`` console command."""
