"""Telling the outside world: signed webhooks from the outbox, WebSub hub pings and IndexNow batches.

- ``recording``: what the services call inside their transaction (events, scheduled publishes);
- ``payloads`` and ``signing``: the body and the Standard Webhooks headers of a delivery;
- ``delivery``: claiming due deliveries, sending, retrying with backoff, the log and its pruning;
- ``wakeups``: keeping a drain task on the queue while work remains;
- ``websub`` and ``indexnow``: the two pings; ``tasks``: the django-tasks entry points.

May import models and languages; never the reader, the admin, caching or services.
"""
