import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.tools import format_amount, format_date

from telcocollect.calendars import adjust_collection_date

_logger = logging.getLogger(__name__)

PRENOTIFICATION_TEMPLATE = 'telco_sepa.mail_template_sepa_prenotification'


class AccountMove(models.Model):
    _inherit = 'account.move'

    sepa_prenotification_date = fields.Date(
        string='Pre-notification date', readonly=True, copy=False, index=True,
        help="Date on which the debtor was sent the pre-notification of the direct debit "
             "(amount, collection date, mandate reference and creditor identifier).",
    )
    sepa_prenotification_collection_date = fields.Date(
        string='Announced collection date', readonly=True, copy=False,
        help="Collection date stated in the pre-notification. The debit is not collected "
             "before it.",
    )

    def action_send_sepa_prenotification(self):
        """Send the pre-notification of the selected direct-debit invoices not notified yet."""
        invoices = self.filtered(lambda move: move._is_sepa_prenotification_pending())
        sent = invoices._send_sepa_prenotifications()
        return {
            'type': 'ir.actions.client',
            'tag': 'display_notification',
            'params': {
                'type': 'success' if sent else 'warning',
                'message': _(
                    "Pre-notification sent for %(sent)s of %(count)s invoices.",
                    sent=len(sent),
                    count=len(self),
                ),
                'next': {'type': 'ir.actions.act_window_close'},
            },
        }

    def _is_sepa_prenotification_pending(self):
        self.ensure_one()
        return (
            self.move_type == 'out_invoice'
            and self.state == 'posted'
            and self.collection_payment_method == 'direct_debit'
            and self.payment_state in ('not_paid', 'partial')
            and not self.sepa_prenotification_date
        )

    @api.model
    def _get_sepa_prenotification_domain(self, company, until):
        return [
            ('company_id', '=', company.id),
            ('move_type', '=', 'out_invoice'),
            ('state', '=', 'posted'),
            ('collection_payment_method', '=', 'direct_debit'),
            ('payment_state', 'in', ('not_paid', 'partial')),
            ('sepa_prenotification_date', '=', False),
            ('invoice_date_due', '<=', until),
        ]

    @api.model
    def _cron_send_sepa_prenotifications(self, window_days=7, batch_size=500):
        """Send the pre-notifications of the invoices due in the coming window.

        An invoice is notified when its due date falls within the company's pre-notification
        days plus ``window_days`` from today. Each run handles at most ``batch_size``
        invoices, reports its progress and leaves the rest to the next run.
        """
        today = fields.Date.context_today(self)
        done = remaining = 0
        # The cron's user must belong to every company whose invoices it notifies.
        for company in self.env.user.company_ids:
            until = today + relativedelta(days=company.sepa_pre_notification_days + window_days)
            domain = self._get_sepa_prenotification_domain(company, until)
            invoices = self.with_company(company).search(
                domain, order='commercial_partner_id, invoice_date_due, id', limit=batch_size,
            )
            done += len(invoices._send_sepa_prenotifications())
            remaining += self.search_count(domain)
        self.env['ir.cron']._notify_progress(done=done, remaining=remaining)
        return done

    def _get_sepa_prenotification_collection_date(self, today):
        """Return the collection date to announce: the due date, but no earlier than allowed."""
        self.ensure_one()
        earliest = today + relativedelta(days=self.company_id.sepa_pre_notification_days)
        return adjust_collection_date(max(self.invoice_date_due or earliest, earliest))[0]

    def _send_sepa_prenotifications(self):
        """Send one pre-notification per customer and collection date, and date the invoices.

        The message is posted on the first invoice of each group and mailed to the customer.
        The other invoices of the group log that it covered them. Invoices of customers
        without an active mandate are skipped because the message must name the mandate.
        Returns the invoices that were notified.
        """
        today = fields.Date.context_today(self)
        template = self.env.ref(PRENOTIFICATION_TEMPLATE)
        Mandate = self.env['telco.sepa.mandate']
        notified = self.browse()
        for company, company_invoices in self.grouped('company_id').items():
            mandates = Mandate._get_active_by_partner(
                company_invoices.commercial_partner_id, company,
            )
            creditor_identifier = company._get_telco_sepa_prenotification_creditor_id()
            groups = defaultdict(lambda: self.browse())
            for invoice in company_invoices:
                partner = invoice.commercial_partner_id
                if partner not in mandates:
                    _logger.info(
                        "Pre-notification of invoice %s skipped: customer %s has no active "
                        "mandate", invoice.name, partner.id,
                    )
                    continue
                collection_date = invoice._get_sepa_prenotification_collection_date(today)
                groups[partner, collection_date] |= invoice

            for (partner, collection_date), invoices in groups.items():
                invoices._post_sepa_prenotification(
                    template, partner, mandates[partner], creditor_identifier, collection_date,
                )
                invoices.write({
                    'sepa_prenotification_date': today,
                    'sepa_prenotification_collection_date': collection_date,
                })
                notified |= invoices
        return notified

    def _post_sepa_prenotification(
        self, template, partner, mandate, creditor_identifier, collection_date,
    ):
        lang = partner.lang or self.env.lang
        env = self.with_context(lang=lang).env
        currency = self[:1].currency_id
        debits = [{
            'invoice': invoice.name,
            'amount': format_amount(env, invoice.amount_residual, currency, lang_code=lang),
        } for invoice in self]
        first = self[0]
        first.with_context(
            sepa_prenotification_debits=debits,
            sepa_prenotification_total=format_amount(
                env, sum(self.mapped('amount_residual')), currency, lang_code=lang,
            ),
            sepa_prenotification_collection_date=format_date(
                env, collection_date, lang_code=lang,
            ),
            sepa_prenotification_mandate=mandate.name,
            sepa_prenotification_creditor_id=creditor_identifier,
        ).message_post_with_source(
            template,
            message_type='comment',
            subtype_xmlid='mail.mt_comment',
            partner_ids=[partner.id],
        )
        for invoice in self[1:]:
            invoice._message_log(body=_(
                "Direct debit pre-notification for %(date)s sent with invoice %(invoice)s.",
                date=collection_date,
                invoice=first.name,
            ))


class ResCompany(models.Model):
    _inherit = 'res.company'

    def _get_telco_sepa_prenotification_creditor_id(self):
        """Return the creditor identifier to announce: the collection journal's, if any."""
        self.ensure_one()
        journal = self.sepa_collection_journal_id
        if journal:
            return journal._get_telco_sepa_bank_profile().creditor_identifier
        return self.sepa_creditor_identifier
