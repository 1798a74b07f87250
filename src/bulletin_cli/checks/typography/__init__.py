"""Typography checks for official Chinese text, by rule family."""
