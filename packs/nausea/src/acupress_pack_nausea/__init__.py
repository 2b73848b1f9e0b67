"""The nausea content pack for acupress: data only, in ``pack.toml`` beside this file."""
