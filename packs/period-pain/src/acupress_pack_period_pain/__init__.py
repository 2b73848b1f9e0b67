"""The period-pain content pack for acupress: data only, in ``pack.toml`` beside this file."""
