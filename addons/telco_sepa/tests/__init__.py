from . import test_creditor_and_mandate
from . import test_remittance
from . import test_return_import
from . import test_access_rights
