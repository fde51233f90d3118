"""The settings the test suite runs with: Omvärld's own, plus the models that exist only for tests."""

from omvarld.settings import *  # noqa: F403
from omvarld.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
ROOT_URLCONF = "tests.urls"

# Filed documents go to a folder of this test run's own, removed when it ends, never to the data directory.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="omvarld-test-files-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
