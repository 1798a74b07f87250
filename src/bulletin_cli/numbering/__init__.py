"""Numbering and contents: issue numbers across a series, Chinese numerals, tables of contents."""
