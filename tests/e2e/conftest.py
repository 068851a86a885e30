import shutil

import pytest
from terminal import isolated_env


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)
            # Under pytest-xdist (--dist loadgroup) a module's tests stay on one worker,
            # so its `home` (and the demo built in it) is made once, not once per worker.
            item.add_marker(pytest.mark.xdist_group(f"e2e-{item.path.stem}"))


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """One home per test module, so the demo data is built once for its tests."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (apt-get install tmux)")
    return tmp_path_factory.mktemp("home")


@pytest.fixture
def env(home):
    return isolated_env(home)
