"""Readers and writers of file formats; the built-in exporters are plugins (formats/*/plugin.py)."""
