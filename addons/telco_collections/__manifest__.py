{
    'name': 'Telco Collections',
    'summary': 'Subscriptions, billing runs and collection status of invoices for telecom operators',
    'version': '18.0.1.0.0',
    'category': 'Accounting/Accounting',
    'author': 'Telco Collections',
    'license': 'AGPL-3',
    'depends': ['account', 'mail', 'sms', 'portal'],
    'data': [
        'security/telco_collections_security.xml',
        'security/ir.model.access.csv',
        'data/ir_sequence_data.xml',
        'data/ir_cron_data.xml',
        'views/telco_subscription_views.xml',
        'views/telco_billing_run_views.xml',
        'views/account_move_views.xml',
        'views/res_partner_views.xml',
        'views/res_config_settings_views.xml',
        'views/telco_collections_menus.xml',
    ],
    'assets': {
        'web.assets_tests': [
            'telco_collections/static/tests/tours/*.js',
        ],
    },
    'application': True,
    'installable': True,
}
