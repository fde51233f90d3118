"""The settings the test suite runs with: Omvärld's own, plus the models that exist only for tests."""

from omvarld.settings import *  # noqa: F403
from omvarld.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
ROOT_URLCONF = "tests.urls"
