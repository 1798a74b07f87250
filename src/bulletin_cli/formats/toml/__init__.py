"""Reading issue, series and article TOML files into the model."""
