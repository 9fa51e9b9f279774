"""Reading content: seed texts and front-matter Markdown into Article records, and back.

The loader finds every source file of a site and turns it into frozen `newsgen.model` records with
every problem found (noise, damage, bad dates, duplicate slugs); `import` and `new` write the
Markdown files editors then own. May import the config, the cache, the runtime and the model;
never the archive, rendering, publishing or serving.
"""
