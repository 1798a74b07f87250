"""The plain-text official layout (`--to text`)."""
