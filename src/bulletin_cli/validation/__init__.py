"""Validation: structure against the format, checks within an issue and across a series, rules."""
