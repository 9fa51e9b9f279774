"""Publishing: staged output moved into `build/` all at once, and the search index beside it.

Every file is staged first and published only when the whole build succeeded, journaled so a
crash or a full disk is undone; stale files newsgen wrote are removed, nothing else is. May
import rendering and every earlier stage; never `newsgen.builder`, serving or the CLI.
"""
