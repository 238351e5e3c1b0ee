import json
import logging
import time

import requests
from odoo import _, api, fields, models

_logger = logging.getLogger(__name__)

NETWORK_MODES = [
    ('activity', 'Activity for the network team'),
    ('webhook', 'Webhook (JSON over HTTP)'),
    ('soap', 'SOAP web service'),
]
NETWORK_OPERATIONS = [
    ('suspend', 'Suspend'),
    ('restore', 'Restore'),
    ('interrupt', 'Interrupt'),
]
SECRET_HEADER = 'X-Telco-Secret'

# ir.config_parameter keys of the network adapter settings.
PARAM_PREFIX = 'telco_dunning.network_'
DEFAULT_TIMEOUT = 10
DEFAULT_RETRIES = 2
DEFAULT_BACKOFF = 2.0


class NetworkOrderError(Exception):
    """The network did not accept an order after every attempt."""


class TelcoNetworkCallLog(models.Model):
    """One order sent to the network system, with every attempt's outcome."""

    _name = 'telco.network.call.log'
    _description = 'Network Call Log'
    _order = 'id desc'
    _check_company_auto = True

    company_id = fields.Many2one(
        'res.company', required=True, index=True, readonly=True,
        default=lambda self: self.env.company)
    suspension_id = fields.Many2one(
        'telco.suspension', index=True, readonly=True, ondelete='cascade')
    operation = fields.Selection(NETWORK_OPERATIONS, required=True, readonly=True)
    mode = fields.Selection(NETWORK_MODES, required=True, readonly=True)
    endpoint = fields.Char(readonly=True, help="URL of the webhook or WSDL called.")
    request = fields.Text(readonly=True, help="Order sent, as JSON. The shared secret is never stored.")
    response_code = fields.Integer(readonly=True, help="HTTP status code of the last attempt.")
    response = fields.Text(readonly=True)
    error = fields.Text(readonly=True)
    attempts = fields.Integer(readonly=True)
    success = fields.Boolean(readonly=True)


class TelcoNetworkAdapter(models.AbstractModel):
    """Sends suspension, restoration and interruption orders to the network.

    The mode is a setting: 'activity' schedules a to-do for the network team and counts as
    confirmed at once; 'webhook' posts JSON to a URL with a shared secret header; 'soap' calls a
    WSDL operation with zeep. Webhook and SOAP retry with exponential backoff and log each order
    in telco.network.call.log.
    """

    _name = 'telco.network.adapter'
    _description = 'Network Adapter'

    @api.model
    def _get_param(self, key, default=None):
        return self.env['ir.config_parameter'].sudo().get_param(PARAM_PREFIX + key, default)

    @api.model
    def _settings(self):
        def number(key, default, cast):
            raw = self._get_param(key)
            try:
                return cast(raw) if raw not in (None, False, '') else default
            except ValueError:
                _logger.warning("Invalid network setting %s=%r, using %s", key, raw, default)
                return default

        return {
            'mode': self._get_param('mode') or 'activity',
            'url': self._get_param('url') or '',
            'secret': self._get_param('secret') or '',
            'timeout': number('timeout', DEFAULT_TIMEOUT, float),
            'retries': max(0, number('retries', DEFAULT_RETRIES, int)),
            'backoff': max(0.0, number('backoff', DEFAULT_BACKOFF, float)),
            'wsdl': self._get_param('wsdl') or '',
            'soap_operations': {
                'suspend': self._get_param('soap_suspend') or 'SuspendService',
                'restore': self._get_param('soap_restore') or 'RestoreService',
                'interrupt': self._get_param('soap_interrupt') or 'InterruptService',
            },
            'user_id': number('user_id', 0, int),
        }

    @api.model
    def send_order(self, suspension, operation):
        """Send ``operation`` for ``suspension`` and return True once the network confirmed it.

        Raises NetworkOrderError when a webhook or SOAP order failed after every attempt. The
        call log is written before the error is raised, so it stays when the caller catches it.
        """
        settings = self._settings()
        mode = settings['mode']
        if mode == 'activity':
            self._send_activity(suspension, operation, settings)
            return True
        payload = suspension._network_payload(operation)
        if mode == 'webhook':
            return self._with_retries(
                suspension, operation, settings, payload, settings['url'], self._post_webhook)
        if mode == 'soap':
            return self._with_retries(
                suspension, operation, settings, payload, settings['wsdl'], self._call_soap)
        raise NetworkOrderError(_(
            "Unknown network mode %(mode)s. Choose Activity, Webhook or SOAP in the Collections "
            "settings.", mode=mode))

    def _send_activity(self, suspension, operation, settings):
        labels = dict(NETWORK_OPERATIONS)
        user = self.env['res.users'].browse(settings['user_id']).exists() or self.env.user
        suspension.activity_schedule(
            'mail.mail_activity_data_todo',
            date_deadline=suspension._network_deadline(operation),
            summary=_("Network: %(operation)s %(services)s", operation=labels[operation],
                      services=suspension.service_summary or suspension.display_name),
            note=suspension._network_instructions(operation),
            user_id=user.id,
        )

    def _with_retries(self, suspension, operation, settings, payload, endpoint, call):
        if not endpoint:
            raise NetworkOrderError(_(
                "The network %(mode)s address is not set. Enter it in the Collections settings.",
                mode=settings['mode']))
        log = self.env['telco.network.call.log'].sudo().create({
            'company_id': suspension.company_id.id,
            'suspension_id': suspension.id,
            'operation': operation,
            'mode': settings['mode'],
            'endpoint': endpoint,
            'request': json.dumps(payload, indent=2, sort_keys=True),
        })
        attempts = settings['retries'] + 1
        errors = []
        for attempt in range(1, attempts + 1):
            try:
                code, body = call(settings, endpoint, operation, payload)
            except Exception as error:  # noqa: BLE001 - every failure is logged and retried
                code, body = 0, ''
                message = f"{type(error).__name__}: {error}"
            else:
                message = '' if 200 <= code < 300 else _(
                    "HTTP status %(code)s", code=code)
            log.write({'attempts': attempt, 'response_code': code, 'response': body[:4000]})
            if not message:
                log.write({'success': True, 'error': '\n'.join(errors) or False})
                return True
            errors.append(_("Attempt %(attempt)s: %(error)s", attempt=attempt, error=message))
            _logger.warning("Network %s order for suspension %s failed on attempt %s/%s: %s",
                            operation, suspension.id, attempt, attempts, message)
            if attempt < attempts and settings['backoff']:
                time.sleep(settings['backoff'] * 2 ** (attempt - 1))
        log.error = '\n'.join(errors)
        raise NetworkOrderError(_(
            "The network did not accept the %(operation)s order after %(attempts)s attempts: "
            "%(errors)s", operation=operation, attempts=attempts, errors='; '.join(errors)))

    @api.model
    def _post_webhook(self, settings, url, operation, payload):
        headers = {'Content-Type': 'application/json'}
        if settings['secret']:
            headers[SECRET_HEADER] = settings['secret']
        response = requests.post(url, json=payload, headers=headers, timeout=settings['timeout'])
        return response.status_code, response.text

    @api.model
    def _call_soap(self, settings, wsdl, operation, payload):
        # Imported here so that zeep is only needed by databases that use the SOAP mode.
        import zeep
        from zeep.transports import Transport

        transport = Transport(timeout=settings['timeout'], operation_timeout=settings['timeout'])
        if settings['secret']:
            transport.session.headers[SECRET_HEADER] = settings['secret']
        client = zeep.Client(wsdl, transport=transport)
        operation_name = settings['soap_operations'][operation]
        result = client.service[operation_name](
            orderId=payload['order_id'],
            customer=payload['customer'],
            contract=payload['contract'] or '',
            scope=payload['scope'],
            services=','.join(service['identifier'] for service in payload['services']),
            keepsIncomingAndEmergency=payload['keeps_incoming_and_emergency'],
            effectiveDate=payload['effective_date'],
        )
        answer = zeep.helpers.serialize_object(result)
        accepted = answer.get('accepted', True) if isinstance(answer, dict) else True
        # A SOAP fault raises in zeep; a well-formed refusal comes back as accepted=false.
        return (200 if accepted else 409), str(answer)
