"""Mail to the newsroom: who is told what when a story changes, the messages, and the task that sends them.

- ``events``: compares a story before and after a save and, after the transaction commits,
  enqueues one task per recipient (editors: entered review; the translator: English changed
  after their Chinese was done; the writer: published), honouring each user's opt-outs;
- ``messages``: one message (plain text plus HTML) in the recipient's language;
- ``tasks``: the django-tasks task on the "mail" queue that sends it and retries on failure.

Called by the story admin's save and by ``articles.services``. May import models, translations,
roles and languages; never the reader, the admin, caching or services.
"""
