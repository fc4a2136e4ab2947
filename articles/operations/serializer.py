"""Django's JSON serializer, keeping every microsecond of times.

``DjangoJSONEncoder`` cuts times to milliseconds (ECMA-262 dates), so rows moved with plain
``dumpdata`` come back with other publish times, and every page that shows one (``<meta>``,
JSON-LD, feeds) and its ETag changes. ``move_site`` dumps with this format, registered as
``json_exact``; Django's own JSON deserializer reads it (the file is plain JSON).
"""

import datetime

from django.core.serializers.json import Deserializer as Deserializer  # noqa: F401 (the format's reader)
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

NAME = "json_exact"


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder
