"""The documents a session issues and sends (relevé de notes, attestation of blocks, PV de
délibération, list of admitted, registration summary, NV notice; later the convocations):
the page of a State service (``layout``), one module per document rendering its data to a
PDF, the record of every document issued with its bytes (``models.IssuedDocument``), the
e-mails that tell a person (``mail``), and what a user downloads (exports and documents as
attachments, ZIP and merged PDF)."""
