"""HTML pages, print and the archive site (`--to html`)."""
