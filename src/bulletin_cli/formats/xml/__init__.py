"""The XML vocabulary: export, schema, reading XML issues back."""
