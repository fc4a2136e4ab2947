"""Loading rows into model instances without running ``Model.__init__``.

``Model.from_db`` calls ``cls(*values)``, and ``__init__`` then walks every concrete field, sets
each value through ``setattr`` (and so through each field's descriptor), and modeltranslation wraps
it once more to rewrite keyword arguments a loaded row never has. For a story page that is about a
tenth of its time: a dozen instances, each of twenty to forty columns.

For a row from the database all of that comes to putting the values in the instance's
``__dict__``: the descriptors of our models' concrete fields (deferred attributes, files, foreign
keys, modeltranslation's original-field descriptor while an instance is being built) store the
value under the attname and nothing else. ``QuickLoadMixin.from_db`` does that, and still sends
``pre_init`` (falling back to ``__init__`` when anything listens to it, since a ``pre_init``
receiver sees the constructor's arguments) and ``post_init``, so ImageField's dimension update and
any receiver connected later run as before. Deferred columns stay out of ``__dict__`` and load on
first access, as with ``__init__``. ``tests/models/test_quick_load.py`` checks that instances loaded
both ways agree.
"""

from django.db.models import DEFERRED
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


class QuickLoadMixin:
    """Model mixin: ``from_db`` fills ``__dict__`` directly (see the module's docstring)."""

    @classmethod
    def from_db(cls, db, field_names, values):
        if len(values) != len(field_names) or pre_init.has_listeners(cls):
            return super().from_db(db, field_names, values)
        new = cls.__new__(cls)
        state = new._state = ModelState()
        state.adding, state.db = False, db
        store = new.__dict__
        for name, value in zip(field_names, values, strict=True):
            if value is not DEFERRED:
                store[name] = value
        post_init.send(sender=cls, instance=new)
        return new


def related(instance, name: str):
    """``instance.<name>.all()``, taken straight from the prefetched rows when there are some.

    Each read of a reverse relation builds a related manager (and taggit's manager a little more):
    a few microseconds, and a story page reads its images, tags, notes and credits a dozen times.
    """
    prefetched = instance.__dict__.get("_prefetched_objects_cache", {}).get(name)
    return prefetched if prefetched is not None else getattr(instance, name).all()
