"""Rendering: Jinja templates, article bodies, theme assets, feeds and sitemaps into bytes.

Turns planned pages and archive data into the exact bytes of each output file; it writes nothing
itself. May import the plan and every earlier stage; never publishing or serving.
"""
