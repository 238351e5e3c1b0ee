from . import telco_sepa_return_import
