import json
from datetime import date

from odoo.tests import tagged
from odoo.tools import mute_logger

from .network_server import NetworkServer
from .suspension_common import TelcoSuspensionCommon


@tagged('post_install', '-at_install')
class TestNetworkAdapter(TelcoSuspensionCommon):
    """Webhook and SOAP modes against a real HTTP server on 127.0.0.1 started by each test."""

    def setUp(self):
        super().setUp()
        contract = self._contract(self.madrid, '600111222')
        invoice = self._bill(contract, date(2026, 8, 1), [('voice', 20.0), ('data', 10.0)])
        self.suspension = self.Suspension.create({
            'partner_id': self.madrid.id,
            'subscription_id': contract.id,
            'invoice_ids': [(6, 0, invoice.ids)],
            'line_ids': [(6, 0, contract.line_ids.ids)],
            'scope': 'full',
            'state': 'notified',
        })
        self.Adapter = self.env['telco.network.adapter']

    def _configure(self, **values):
        params = self.env['ir.config_parameter'].sudo()
        settings = {'backoff': '0', 'retries': '2', 'secret': 's3cret', **values}
        for key, value in settings.items():
            params.set_param(f'telco_dunning.network_{key}', value)

    def test_activity_mode(self):
        self.assertTrue(self.Adapter.send_order(self.suspension, 'suspend'))

        activity = self.suspension.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn('600111222', activity.summary)
        self.assertIn('emergency calls', str(activity.note))
        self.assertFalse(self.suspension.network_call_ids)

    def test_webhook_order(self):
        with NetworkServer() as server:
            self._configure(mode='webhook', url=f'{server.url}/orders')
            confirmed = self.Adapter.send_order(self.suspension, 'suspend')

        self.assertTrue(confirmed)
        self.assertEqual(len(server.requests), 1)
        request = server.requests[0]
        self.assertEqual(request['headers']['X-Telco-Secret'], 's3cret')
        payload = json.loads(request['body'])
        self.assertEqual(payload['operation'], 'suspend')
        self.assertEqual(payload['order_id'], f'{self.suspension.name}-suspend')
        self.assertIs(payload['keeps_incoming_and_emergency'], True)
        self.assertEqual(payload['scope'], 'full')
        self.assertEqual(
            sorted(service['identifier'] for service in payload['services']),
            ['600111222', '600111222-D', '600111222-P'])
        log = self.suspension.network_call_ids
        self.assertRecordValues(log, [{
            'operation': 'suspend', 'mode': 'webhook', 'attempts': 1, 'response_code': 200,
            'success': True, 'error': False}])
        self.assertNotIn('s3cret', log.request)

    @mute_logger('odoo.addons.telco_dunning.models.telco_network')
    def test_webhook_retries_then_succeeds(self):
        with NetworkServer(statuses=[503, 500]) as server:
            self._configure(mode='webhook', url=f'{server.url}/orders')
            confirmed = self.Adapter.send_order(self.suspension, 'restore')

        self.assertTrue(confirmed)
        self.assertEqual(len(server.requests), 3)
        log = self.suspension.network_call_ids
        self.assertEqual(log.attempts, 3)
        self.assertTrue(log.success)
        self.assertIn('HTTP status 503', log.error)
        self.assertIn('HTTP status 500', log.error)

    @mute_logger('odoo.addons.telco_dunning.models.telco_network')
    def test_webhook_failing_server(self):
        with NetworkServer(statuses=[500, 500, 500, 500]) as server:
            self._configure(mode='webhook', url=f'{server.url}/orders', retries='1')
            error = self.suspension._send_network_order('suspend')

        self.assertEqual(len(server.requests), 2)
        self.assertIn('after 2 attempts', error)
        log = self.suspension.network_call_ids
        self.assertRecordValues(log, [{'attempts': 2, 'response_code': 500, 'success': False}])
        self.assertIn('Attempt 2: HTTP status 500', log.error)

    @mute_logger('odoo.addons.telco_dunning.models.telco_network')
    def test_webhook_unreachable(self):
        with NetworkServer() as server:
            url = f'{server.url}/orders'
        # The server is stopped: the connection is refused.
        self._configure(mode='webhook', url=url, retries='0')

        error = self.suspension._send_network_order('suspend')

        self.assertIn('after 1 attempts', error)
        self.assertIn('ConnectionError', self.suspension.network_call_ids.error)

    def test_webhook_without_url(self):
        self._configure(mode='webhook', url='')

        error = self.suspension._send_network_order('suspend')

        self.assertIn('address is not set', error)

    def test_failed_order_blocks_suspension(self):
        self.suspension.write({'notice_date': date(2026, 8, 21), 'planned_date': date(2026, 9, 8)})
        with NetworkServer(statuses=[500, 500, 500]) as server, \
                mute_logger('odoo.addons.telco_dunning.models.telco_network'):
            self._configure(mode='webhook', url=f'{server.url}/orders')
            error = self.suspension._execute_suspension(date(2026, 9, 10), 'full')

        self.assertIn('after 3 attempts', error)
        self.assertEqual(self.suspension.state, 'notified')
        self.assertFalse(self.suspension.executed_date)

    def test_soap_order(self):
        # Real zeep client: the WSDL in tests/data is served by the local server, which also
        # responds to the SOAP call.
        with NetworkServer() as server:
            self._configure(mode='soap', wsdl=f'{server.url}/network.wsdl')
            confirmed = self.Adapter.send_order(self.suspension, 'interrupt')

        self.assertTrue(confirmed)
        self.assertEqual(len(server.requests), 1)
        request = server.requests[0]
        self.assertEqual(request['path'], '/soap')
        self.assertIn('InterruptService', request['body'])
        self.assertIn('<ns0:keepsIncomingAndEmergency>true</ns0:keepsIncomingAndEmergency>',
                      request['body'])
        self.assertEqual(request['headers']['X-Telco-Secret'], 's3cret')
        log = self.suspension.network_call_ids
        self.assertRecordValues(log, [{'mode': 'soap', 'success': True, 'attempts': 1}])
        self.assertIn('NET-1', log.response)

    @mute_logger('odoo.addons.telco_dunning.models.telco_network')
    def test_soap_refused_and_retried(self):
        with NetworkServer(statuses=[500], soap_accepted=False) as server:
            self._configure(mode='soap', wsdl=f'{server.url}/network.wsdl', retries='1')
            error = self.suspension._send_network_order('suspend')

        self.assertEqual(len(server.requests), 2)
        log = self.suspension.network_call_ids
        self.assertEqual(log.attempts, 2)
        self.assertFalse(log.success)
        self.assertIn('Attempt 1: TransportError', log.error)
        self.assertIn('Attempt 2: HTTP status 409', log.error)
        self.assertTrue(error)

    def test_restoration_by_webhook(self):
        self.suspension.write({'state': 'executed', 'executed_date': date(2026, 9, 10)})
        invoice = self.suspension.invoice_ids
        with NetworkServer() as server:
            self._configure(mode='webhook', url=f'{server.url}/orders')
            self._pay(invoice, 30.0, date(2026, 9, 18))

        self.assertEqual(self.suspension.state, 'restored')
        self.assertEqual([json.loads(r['body'])['operation'] for r in server.requests], ['restore'])
