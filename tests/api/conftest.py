import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def restore_language():
    """Requests with Accept-Language: zh-hans leave Chinese active in this thread; later tests expect
    the language they started with."""
    previous = translation.get_language()
    yield
    translation.activate(previous)
