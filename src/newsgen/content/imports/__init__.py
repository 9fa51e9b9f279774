"""Archive imports: seeds, WordPress exports, feeds, JSON Lines and CSV into Markdown articles.

`writing` is shared by every importer: where an imported file goes, its checksum, and the
editor-safe write. Each other module reads one format into `Item` records, each with the line
it came from, so a refused item is reported at its position while the others still import.
"""
