"""Settings for load runs only: the portal's, plus the benchmark pages in load/urls.py."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "load.urls"
