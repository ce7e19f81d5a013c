import pytest


@pytest.fixture
def demo(db):
    """The demo session, loaded through the real services."""
    from ndrc.web.exams.demo import demo_load

    return demo_load()
