import pytest


@pytest.fixture(autouse=True)
def _jury_composition_unchecked(request, monkeypatch):
    """The juries the tests build record no composition: the check of CE D643-31 (a jury
    that does not meet it cannot close) is left out unless the test asks for the fixture
    ``composition_checked`` (tests/web/deliberations/test_jury_composition.py, the browser
    flow of the livret); the demo records a regular composition for its juries."""
    if "composition_checked" in request.fixturenames:
        return
    from ndrc.web.deliberations import selectors

    monkeypatch.setattr(selectors, "composition_problems_of", lambda jury: [])


@pytest.fixture
def composition_checked():
    """The jury's composition is checked (see ``_jury_composition_unchecked``)."""
    return True


@pytest.fixture
def demo(db):
    """The demo session, loaded through the real services."""
    from ndrc.web.demo.services import demo_load

    return demo_load()


def pytest_collect_file(parent, file_path):
    """Collect tests/scenarios/**/*.yaml as test files (one test per case)."""
    if file_path.suffix == ".yaml" and "scenarios" in file_path.parts:
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self):
        import yaml

        data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        for index, case in enumerate(data["cases"], start=1):
            yield ScenarioItem.from_parent(self, name=f"{index:02d} {case['name']}", case=case)


class ScenarioItem(pytest.Item):
    def __init__(self, *, case, **kwargs):
        super().__init__(**kwargs)
        self.case = case

    def runtest(self):
        from tests.scenarios.runner import run_case

        run_case(self.case)

    def repr_failure(self, excinfo):
        from tests.scenarios.runner import ScenarioFailure

        if isinstance(excinfo.value, ScenarioFailure):
            return f"{self.name} [{self.case.get('cite')}]\n  {excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"scénario : {self.name}"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the rolled-back database of a test gives its
    primary keys again to the next one, so a key of an earlier test could match."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
