"""The build cache: what earlier builds learned, kept in `.newsgen/` so an edit redoes little.

Parsed articles, body texts, rendered bodies and page fingerprints in SQLite, and the stamp that
lets a no-op build stop before it parses anything. It only ever holds what can be rebuilt. Any
stage may use it. May import only the config, the content model and `newsgen.diagnostics`.
"""
