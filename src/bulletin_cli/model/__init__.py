"""The issue model and how it is loaded from TOML files."""
