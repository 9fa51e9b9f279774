"""Configuration: `newsgen.yaml` read with line numbers, validated whole, as a frozen SiteConfig.

The first thing every command does, and passed to every stage after it (never global). May import
only `newsgen.diagnostics`; the YAML reader here is shared with the front-matter reader.
"""
