"""Ground floor: diagnostics (codes, severities, the reporter) and their formatting."""
