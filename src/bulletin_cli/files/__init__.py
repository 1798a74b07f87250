"""Ground floor: reading files (encodings, TOML, positions), atomic writes, byte edits."""
