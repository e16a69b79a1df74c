import os

import pytest
from hypothesis import settings as hypothesis_settings

from catalogs.loader import load_catalogs
from cms.setup import ensure_home_page
from requests_app.roles import sync_roles

from .factories import PASSWORD, StaffFactory, UserFactory

# CI gates merges on a reproducible set of generated examples (.ci/run sets the profile);
# a developer's `make test` explores new examples on every run.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttling counters and cached settings never leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogs(db):
    load_catalogs()


@pytest.fixture
def home_page(db):
    return ensure_home_page()


@pytest.fixture
def roles(db, home_page):
    return sync_roles()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_in(roles):
    """``staff_in("Revisor")`` makes a staff member of that group."""

    def make(group_name, **kwargs):
        return StaffFactory(groups=[roles[group_name]], **kwargs)

    return make


@pytest.fixture(scope="session")
def dev_signing_keys():
    """The three development signers' keys in the test SIGNING_DIR (made once per run)."""
    from io import StringIO

    from django.conf import settings
    from django.core.management import call_command

    call_command("make_dev_signers", "--dir", str(settings.SIGNING_DIR), stdout=StringIO())
    return settings.SIGNING_DIR
