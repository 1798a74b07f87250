"""Operations over many files: validate, export, fix, renumber, new issue, import."""
