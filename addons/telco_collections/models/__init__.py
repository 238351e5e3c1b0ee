from . import res_company
from . import res_config_settings
from . import telco_subscription
from . import telco_subscription_line
from . import telco_billing_run
from . import account_move
from . import account_move_line
from . import res_partner
