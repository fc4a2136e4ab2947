"""Story history with django-reversion, split by role.

- ``registration``: what a revision holds (called once from ``ArticlesConfig.ready()``);
- ``snapshots``: story states, from a revision or from the database, and how they compare;
- ``recording``: tracked changes, baselines and the pre-delete snapshot;
- ``restore``: putting a version back, or recovering a deleted story;
- ``diff``: what changed between two states, for the history pages;
- ``as_recorded``: a story rebuilt in memory as one revision recorded it (pinned previews).

May import models, images and languages; never the reader, the admin or caching.
"""
