"""The public, read-only JSON API (``/api/v1/``), built with django-ninja.

Modules, by role:
- ``main``: the NinjaAPI instance, its JSON errors and the routers it mounts;
- ``schemas``: the response shapes, from which the OpenAPI document is generated;
- ``language``: ``?lang=`` and the ``{"text", "lang", "fallback"}`` shape of every translated field;
- ``cursor``: opaque, stable cursors over (publish time, id);
- ``serializers``: stories, images, sections and tags turned into plain data; ``responses``: the
  JSON they are sent as;
- ``reads`` and ``cards``: the story list's reads, compiled once per process, and its cards made
  from their plain rows (the same JSON as ``serializers``, each distinct card encoded once);
- ``stories`` and ``taxonomy``: the endpoints; ``docs``: the schema's HTML page (no scripts);
- ``cors``: the CORS middleware for GET from DJANGO_API_CORS_ORIGINS; ``urls``: the URL patterns.

It may import models, search, images (for rendition URLs), caching (ETags) and the reader's URL
names; models and services import nothing from here (an import-linter contract checks it).
"""
