"""Operations on a whole site: backups, restores and the move to another database.

- ``manifest``: the backup's format (``manifest.json``), checksums, schema versions, row counts;
- ``backup``: a consistent copy of a running SQLite site (``manage.py backup``);
- ``restore``: a checked backup onto an empty site (``manage.py restore``);
- ``move``: every row of the site into another database, e.g. SQLite to PostgreSQL
  (``manage.py move_site``), written with ``serializer`` (Django's JSON, times to the microsecond).

PostgreSQL sites are backed up with ``pg_dump`` / ``pg_restore`` (README, "Operations"). May import
models, caching (a restored site's cached pages are stale) and search; never the reader or the admin.
"""
