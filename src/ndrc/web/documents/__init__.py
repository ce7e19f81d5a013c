"""What a user downloads: files made by the apps' exporters (and, later, their PDF documents),
answered as attachments."""
