"""Process plumbing shared by the stages: forked worker pools, signals, the build lock, the heap.

Knows nothing of articles or pages: how many workers a build may fork and how they stop, how
Ctrl-C and SIGTERM end a build cleanly, how one newsgen at a time owns a site, and how a
process that builds again and again keeps its C heap from growing. May import
only `newsgen.diagnostics`.
"""
