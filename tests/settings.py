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

# Background jobs run at once in the process that starts them (OMVARLD_TASKS=immediate), through the same
# code a worker runs; their progress goes to a file cache of this run's own.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "jobs": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": Path(tempfile.mkdtemp(prefix="omvarld-test-cache-")),
    },
}
atexit.register(shutil.rmtree, CACHES["jobs"]["LOCATION"], ignore_errors=True)
