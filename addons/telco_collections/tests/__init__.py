from . import test_billing_run
from . import test_collection_state
from . import test_access
from . import test_translation
from . import test_spanish_tour
from . import test_translation_complete
