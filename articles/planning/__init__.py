"""Planning: the calendar's reads (days, entries in the user's zone) and the private iCal feed.

- ``calendar``: the week and month grids and the entries on each day;
- ``ical``: the feed of a user's stories (or, for editors, everything planned or scheduled) and
  its view at ``/calendar/<token>.ics``.

May import models, translations and languages; never the admin, the reader or caching.
"""
