from . import telco_dunning_policy
from . import telco_dunning_level
from . import telco_dunning_action
from . import telco_dunning_run
from . import res_partner
from . import res_config_settings
