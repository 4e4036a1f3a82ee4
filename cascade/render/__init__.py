"""Renderers: the official .docx (GB/T 9704-2012), the ledger .xlsx and reports; no heavy imports here."""
