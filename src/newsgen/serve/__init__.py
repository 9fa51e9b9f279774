"""Serving and watching: the preview server, live reload, and rebuilds on every save.

Watches the site, classifies each change, rebuilds through `newsgen.builder` and tells open
browsers to reload; serves only the built output. The last stage: it may import everything
but the CLI.
"""
