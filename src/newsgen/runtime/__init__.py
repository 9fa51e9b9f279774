"""Process plumbing shared by the stages: forked worker pools, signals, the build lock.

Knows nothing of articles or pages: how many workers a build may fork and how they stop, how
Ctrl-C and SIGTERM end a build cleanly, and how one newsgen at a time owns a site. May import
only `newsgen.diagnostics`.
"""
