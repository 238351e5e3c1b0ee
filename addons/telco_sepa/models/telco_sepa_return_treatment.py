import datetime

import pytz
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from telcocollect.calendars import earliest_collection_date
from telcocollect.representation import next_representation_date

from .account_move_prenotification import PRENOTIFICATION_TEMPLATE

# Reasons that are never re-presented automatically: the account is closed or blocked, there
# is no valid mandate, the debtor claimed a refund, or the debtor's bank cannot take the debit.
NEVER_REPRESENTED_CODES = ('AC04', 'MD01', 'MD06', 'MD07', 'AG01', 'SL01', 'RR04')

# Successful debits of a customer considered to learn the customer's payday: one year of
# monthly collections.
PAYDAY_HISTORY_SIZE = 12

# Invoices handled per call of the re-presentation cron; the cron calls again for the rest.
REPRESENTATION_BATCH_SIZE = 500

# Time zone of the cut-off of Spanish banks.
BANK_TIME_ZONE = 'Europe/Madrid'


class TelcoSepaReturnReason(models.Model):
    _inherit = 'telco.sepa.return.reason'

    represent_delay_days = fields.Integer(
        string='Re-presentation delay (days)', default=7,
        help="Minimum calendar days between the return and the new collection. The new date "
             "also waits for the pre-notification period and the customer's usual payday.",
    )

    _sql_constraints = [
        ('represent_delay_days_positive', 'CHECK (represent_delay_days >= 0)',
         'The re-presentation delay cannot be negative.'),
    ]

    @api.constrains('code', 'treatment')
    def _check_never_represented(self):
        for reason in self:
            if reason.treatment == 'represent' and reason.code in NEVER_REPRESENTED_CODES:
                raise ValidationError(_(
                    "Reason %(code)s cannot be re-presented automatically: the debtor's bank "
                    "would return it again or the debtor refused it. Choose another treatment.",
                    code=reason.code,
                ))


class AccountMove(models.Model):
    _inherit = 'account.move'

    representation_date = fields.Date(
        string='Re-presentation date', readonly=True, copy=False, tracking=True,
        help="Collection date chosen for presenting the returned direct debit again.",
    )
    representation_pending = fields.Boolean(
        string='Re-presentation pending', readonly=True, copy=False, index=True,
        help="The returned debit waits to be added to a re-presentation remittance.",
    )

    def _group_for_representation(self):
        """Return {(journal, scheme, collection date): invoices} for the invoices to present.

        Invoices that were paid, disputed or added to a remittance in the meantime are left
        out, and so are those without an active mandate, with a note in their chatter.
        """
        Line = self.env['telco.sepa.remittance.line']
        open_invoices = Line.search([
            ('move_id', 'in', self.ids), ('state', 'in', ('pending', 'sent')),
        ]).move_id
        groups = {}
        for invoice in self:
            if (invoice.state != 'posted' or invoice.amount_residual <= 0
                    or invoice.collection_dispute or invoice in open_invoices):
                continue
            last_debit = Line.search([('move_id', '=', invoice.id), ('state', '=', 'returned')],
                                     order='return_date desc, id desc', limit=1)
            mandate = self.env['telco.sepa.mandate']._get_active_by_partner(
                invoice.partner_id, invoice.company_id,
            ).get(invoice.commercial_partner_id)
            if not mandate or not last_debit:
                invoice._message_log(body=_(
                    "Not re-presented: the customer has no active mandate. Collect the invoice "
                    "once a new mandate is signed.",
                ))
                continue
            collection_date = invoice.representation_date
            if collection_date < last_debit._get_earliest_bank_collection_date():
                # The job did not run in time to send the file for that date, so the next
                # allowed date is chosen and pre-notified again.
                collection_date = last_debit._get_representation_date(
                    fields.Date.context_today(self),
                    last_debit.return_reason_id.represent_delay_days,
                )
                invoice.representation_date = collection_date
                last_debit._prenotify_representation(collection_date)
                invoice._message_log(body=_(
                    "The re-presentation date had passed; the debit is presented on %(date)s.",
                    date=collection_date,
                ))
            key = (last_debit.remittance_id.journal_id, mandate.scheme, collection_date)
            groups[key] = groups.get(key, self.browse()) | invoice
        return groups


class TelcoSepaRemittanceLine(models.Model):
    _inherit = 'telco.sepa.remittance.line'

    def _apply_reason_treatment(self, return_line):
        treatment = return_line.reason_id.treatment
        mandate_was_active = self.mandate_id.state == 'active'
        super()._apply_reason_treatment(return_line)
        if treatment == 'represent':
            self._schedule_representation(return_line)
        elif treatment == 'new_mandate' and mandate_was_active:
            self._ask_for_new_mandate(return_line)
        elif treatment == 'dispute':
            self.move_id.collection_dispute = True
        elif treatment == 'fix_data':
            self._schedule_fix_data(return_line)

    def _ask_for_new_mandate(self, return_line):
        self.ensure_one()
        invoice = self.move_id
        template = self.env.ref('telco_sepa.mail_template_sepa_new_iban_request')
        invoice.message_post_with_source(
            template, message_type='comment', subtype_xmlid='mail.mt_comment',
        )
        invoice.activity_schedule(
            'mail.mail_activity_data_todo',
            summary=_("Get a new IBAN and mandate"),
            note=_(
                "The bank returned debit %(debit)s with reason %(reason)s and mandate "
                "%(mandate)s was cancelled. The customer was asked by email for a new IBAN: "
                "record it with Change IBAN and have the new mandate signed.",
                debit=self.end_to_end_id,
                reason=return_line.reason_id.display_name,
                mandate=self.mandate_id.name,
            ),
            user_id=self.env.user.id,
        )

    def _schedule_fix_data(self, return_line):
        self.ensure_one()
        self.mandate_id.activity_schedule(
            'mail.mail_activity_data_todo',
            summary=_("Fix the customer's data"),
            note=_(
                "The bank returned debit %(debit)s of invoice %(invoice)s with reason "
                "%(reason)s. Check the IBAN, BIC, mandate reference and address, correct "
                "them and collect the invoice again.",
                debit=self.end_to_end_id,
                invoice=self.move_id.name,
                reason=return_line.reason_id.display_name,
            ),
            user_id=self.env.user.id,
        )

    def _schedule_representation(self, return_line):
        """Set the invoice's re-presentation date, unless its maximum is reached."""
        self.ensure_one()
        invoice = self.move_id
        reason = return_line.reason_id
        returned_count = self.search_count([('move_id', '=', invoice.id),
                                            ('state', '=', 'returned')])
        if returned_count > reason.represent_max:
            invoice.representation_pending = False
            invoice._message_log(body=_(
                "Not re-presented automatically: the debit was returned %(count)s times and "
                "reason %(code)s allows %(max)s re-presentations.",
                count=returned_count,
                code=reason.code,
                max=reason.represent_max,
            ))
            return
        if self.mandate_id.state != 'active':
            invoice._message_log(body=_(
                "Not re-presented automatically: mandate %(mandate)s can no longer be used.",
                mandate=self.mandate_id.name,
            ))
            return
        representation_date = self._get_representation_date(
            return_line.return_date, reason.represent_delay_days,
        )
        invoice.write({
            'representation_date': representation_date,
            'representation_pending': True,
        })
        self._prenotify_representation(representation_date)
        invoice._message_log(body=_(
            "Returned with reason %(code)s: the debit will be presented again on %(date)s.",
            code=reason.code,
            date=representation_date,
        ))

    def _prenotify_representation(self, collection_date):
        """Send the debtor the pre-notification of the new collection date."""
        self.ensure_one()
        invoice = self.move_id
        invoice._post_sepa_prenotification(
            self.env.ref(PRENOTIFICATION_TEMPLATE),
            invoice.commercial_partner_id,
            self.mandate_id,
            self.company_id._get_telco_sepa_prenotification_creditor_id(),
            collection_date,
        )
        invoice.write({
            'sepa_prenotification_date': fields.Date.context_today(self),
            'sepa_prenotification_collection_date': collection_date,
        })

    def _get_earliest_bank_collection_date(self):
        """Return the earliest collection date of a file sent now to this debit's bank."""
        self.ensure_one()
        profile = self.remittance_id.journal_id._get_telco_sepa_bank_profile()
        now_utc = pytz.utc.localize(fields.Datetime.now())
        now_local = now_utc.astimezone(pytz.timezone(BANK_TIME_ZONE)).replace(tzinfo=None)
        return earliest_collection_date(now_local, profile._get_cutoff_time(), profile.lead_days)

    def _get_representation_date(self, returned_on, delay_days):
        """Return the next collection date after the customer's usual payday.

        The date respects the reason's delay, the pre-notification period counted from today
        and the cut-off and lead days of the collecting bank.
        """
        self.ensure_one()
        company = self.company_id
        today = fields.Date.context_today(self)
        min_date = max(
            returned_on + datetime.timedelta(days=delay_days),
            today + datetime.timedelta(days=company.sepa_pre_notification_days),
            self._get_earliest_bank_collection_date(),
        )
        successful = self.search([
            ('partner_id', 'child_of', self.partner_id.commercial_partner_id.id),
            ('company_id', '=', company.id),
            ('state', '=', 'sent'),
            ('collection_date', '<=', today),
        ], order='collection_date desc, id desc', limit=PAYDAY_HISTORY_SIZE)
        return next_representation_date(
            returned_on,
            successful.mapped('collection_date'),
            company.sepa_representation_default_day,
            min_date,
        )


class TelcoSepaRemittance(models.Model):
    _inherit = 'telco.sepa.remittance'

    is_representation = fields.Boolean(
        string='Re-presentation', readonly=True, copy=False,
        help="Created by the re-presentation job for returned debits due on this date.",
    )

    def _get_candidate_invoice_domain(self):
        domain = super()._get_candidate_invoice_domain()
        move_ids = self.env.context.get('telco_sepa_representation_move_ids')
        if move_ids is not None:
            domain = domain + [('id', 'in', move_ids)]
        return domain

    def _get_exclusion_reason(self, invoice, *args, **kwargs):
        reason = super()._get_exclusion_reason(invoice, *args, **kwargs)
        if (not reason and invoice.representation_pending
                and invoice.representation_date > self.collection_date):
            return _(
                "The returned debit is scheduled to be presented again on %(date)s, after the "
                "customer's usual payday.",
                date=invoice.representation_date,
            )
        return reason

    @api.model
    def _cron_present_returned_debits(self, batch_size=REPRESENTATION_BATCH_SIZE):
        """Add the invoices waiting for re-presentation to draft re-presentation remittances.

        Debits of the same collecting journal, scheme and date go into one draft remittance,
        which an accountant checks, generates and sends like any other. Every handled invoice
        leaves the queue, even when it cannot be added, so a call never works on the same
        invoice twice. At most ``batch_size`` invoices are handled per call and the rest is
        reported to the cron.
        """
        domain = [('representation_pending', '=', True)]
        invoices = self.env['account.move'].search(
            domain, order='representation_date, id', limit=batch_size,
        )
        groups = invoices._group_for_representation()
        for (journal, scheme, collection_date), group in groups.items():
            remittance = self.search([
                ('is_representation', '=', True),
                ('state', '=', 'draft'),
                ('journal_id', '=', journal.id),
                ('scheme', '=', scheme),
                ('collection_date', '=', collection_date),
            ], limit=1)
            if not remittance:
                remittance = self.create({
                    'is_representation': True,
                    'journal_id': journal.id,
                    'company_id': journal.company_id.id,
                    'scheme': scheme,
                    'collection_date': collection_date,
                })
            remittance.with_context(
                telco_sepa_representation_move_ids=group.ids,
            )._select_invoices()
        invoices.representation_pending = False
        remaining = (
            self.env['account.move'].search_count(domain) if len(invoices) == batch_size else 0
        )
        self.env['ir.cron']._notify_progress(done=len(invoices), remaining=remaining)
        return invoices

