from odoo import Command

from .common import TelcoDunningCommon


class TelcoSuspensionCommon(TelcoDunningCommon):
    """Adds suspension and interruption levels, and contracts with voice, data and premium lines.

    Levels of the test policy, in days after the due date: 1 and 10 reminders, 20 suspension
    notice, 40 full suspension, 100 definitive interruption.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_suspend = cls.env['telco.dunning.level'].create({
            'policy_id': cls.policy.id,
            'name': 'Suspension',
            'sequence': 40,
            'days_after_due': 40,
            'action': 'full_suspension',
        })
        cls.level_interrupt = cls.env['telco.dunning.level'].create({
            'policy_id': cls.policy.id,
            'name': 'Interruption',
            'sequence': 50,
            'days_after_due': 100,
            'action': 'interruption',
        })
        cls.Suspension = cls.env['telco.suspension']
        cls.env['ir.config_parameter'].sudo().set_param('telco_dunning.network_mode', 'activity')
        cls.madrid = cls.other_customer
        cls.barcelona = cls.customer
        cls.madrid.city = 'Madrid'
        cls.barcelona.city = 'Barcelona'

    @classmethod
    def _contract(cls, partner, number):
        return cls.env['telco.subscription'].create({
            'partner_id': partner.id,
            'line_ids': [
                Command.create({'product_id': cls.product_a.id, 'service_identifier': number,
                                'service_category': 'voice', 'price_unit': 20.0, 'tax_ids': []}),
                Command.create({'product_id': cls.product_a.id, 'service_identifier': f'{number}-D',
                                'service_category': 'data', 'price_unit': 10.0, 'tax_ids': []}),
                Command.create({'product_id': cls.product_a.id, 'service_identifier': f'{number}-P',
                                'service_category': 'premium', 'price_unit': 5.0, 'tax_ids': []}),
            ],
        })

    @classmethod
    def _bill(cls, contract, due_date, charges):
        """Post an invoice of ``contract`` with one line per (category, amount) of ``charges``."""
        invoice = cls.env['account.move'].create({
            'move_type': 'out_invoice',
            'partner_id': contract.partner_id.id,
            'telco_subscription_id': contract.id,
            'invoice_date': due_date,
            'invoice_date_due': due_date,
            'invoice_payment_term_id': False,
            'invoice_line_ids': [
                Command.create({
                    'name': f'{category} charges',
                    'quantity': 1,
                    'price_unit': amount,
                    'tax_ids': [],
                    'telco_service_category': category,
                    'telco_service_identifier': contract.partner_id.name,
                })
                for category, amount in charges
            ],
        })
        invoice.action_post()
        return invoice

    def _suspension(self, partner):
        return self.Suspension.search([('partner_id', '=', partner.id)], order='id desc', limit=1)

    def _last_action(self, partner):
        return self._actions(partner)[-1:]
