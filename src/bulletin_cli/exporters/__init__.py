"""Exporters: the Exporter type plugins register, and the built-in exporter plugins.

Each built-in module (text, html, epub, xml) is an ordinary plugin that implements
``register_exporters``; heavy libraries (lxml, ebooklib) are imported inside the render
functions, never at module import, so `bulletin validate` does not load them.
"""
