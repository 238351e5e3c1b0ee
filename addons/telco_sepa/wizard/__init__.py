from . import telco_sepa_return_import
from . import telco_statement_import_wizard
from . import telco_sepa_iban_change
