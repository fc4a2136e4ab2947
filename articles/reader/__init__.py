"""The public site: story and list pages, cards, paging, SEO, feeds, sitemaps and the language switch.

Views stay thin: a queryset (a QuerySet method of ``articles.models``), a template and a context.
May import models, images, translations, search, caching's ETag helper and page generation (the
cached section navigation); never the admin or services.
"""
