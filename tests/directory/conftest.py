import pytest

from directory.services import load_reference_data


@pytest.fixture
def reference_data(db) -> dict[str, dict[str, int]]:
    """Load the NRW reference data through the service, as ``make run`` does.

    Function-scoped on purpose: data loaded outside a test's transaction would leak into
    every other app's tests. Loading takes a fraction of a second.
    """
    return load_reference_data()
