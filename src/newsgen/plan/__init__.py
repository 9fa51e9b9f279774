"""Planning: the archive (date and topic indexes) and every page of the site as plain data.

From the loaded articles it builds the archive, then plans each page: its URL (`urls` is the only
module that knows where a page lives), its template and its context, the written contract with
theme authors. Nothing here renders or writes. May import content, the cache, the config, the
model; never rendering, publishing or serving.
"""
