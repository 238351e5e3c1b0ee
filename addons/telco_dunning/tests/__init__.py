from . import test_dunning_run
from . import test_suspension_notice
from . import test_dunning_access
from . import test_dunning_settings
