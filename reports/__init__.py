"""Reports built only from ledger entries, and renderers for text, CSV, JSON, PDF and XLSX."""
