"""The page cache and its invalidation, and the one ETag / 304 implementation.

- ``pages``: the middleware that stores anonymous reader pages per language under a generation;
- ``invalidation``: the one signal module that bumps the generation on edits (connected in ``ready()``);
- ``etag``: ETags hashed from the page, and the 304 answer, for cached and uncached pages alike.

May import models; nothing imports caching but the reader's URLs, the settings and commands.
"""
