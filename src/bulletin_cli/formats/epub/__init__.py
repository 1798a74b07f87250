"""EPUB 3 (`--to epub`)."""
