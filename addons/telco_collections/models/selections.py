"""Selection values shared by several models of telco_collections and the addons built on it."""

SERVICE_CATEGORIES = [
    ('voice', 'Voice'),
    ('data', 'Data and internet'),
    ('premium', 'Premium-rate'),
    ('non_telecom', 'Non-telecom'),
]

COLLECTION_PAYMENT_METHODS = [
    ('direct_debit', 'Direct debit'),
    ('transfer', 'Bank transfer'),
    ('card', 'Card'),
]

COLLECTION_STATES = [
    ('open', 'Open'),
    ('in_collection', 'Sent to bank'),
    ('paid', 'Paid'),
    ('returned', 'Returned'),
    ('overdue', 'Overdue'),
]
