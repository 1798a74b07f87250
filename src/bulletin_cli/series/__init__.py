"""Series work: numbering across issues, series checks, renumbering, headings, new issues."""
