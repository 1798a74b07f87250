"""Checks of one issue: per-issue checks, rules and the typography of official text."""
