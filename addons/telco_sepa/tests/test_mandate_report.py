from odoo.tests import HttpCase, tagged

from .common import TelcoSepaCommon


@tagged('post_install', '-at_install')
class TestMandateReport(TelcoSepaCommon):

    def _render_html(self, mandate):
        html, _report_type = self.env['ir.actions.report']._render_qweb_html(
            'telco_sepa.report_mandate', mandate.ids,
        )
        return html.decode()

    def test_core_form_fields_in_spanish(self):
        self.mandate.signature_place = 'Málaga'
        html = self._render_html(self.mandate)
        self.assertIn('Orden de domiciliación de adeudo directo SEPA', html)
        self.assertIn('MND-0001', html)
        self.assertIn(self.creditor_id, html)
        self.assertIn('Peña Íñiguez', html)
        self.assertIn(self.mandate.partner_bank_id.acc_number, html)
        self.assertIn('Málaga', html)
        self.assertIn('10/01/2024', html)
        self.assertIn('[X] Pago recurrente', html)
        self.assertIn('ocho semanas', html)
        self.assertIn('Firma del deudor', html)

    def test_b2b_form_without_refund_right(self):
        b2b = self._create_mandate(self.debtor_b, 'MND-R01', scheme='B2B',
                                   recurrence='one_off')
        html = self._render_html(b2b)
        self.assertIn('B2B', html)
        self.assertIn('no tiene derecho a que su', html)
        self.assertNotIn('ocho semanas', html)
        self.assertIn('[X] Pago único', html)


@tagged('post_install', '-at_install')
class TestMandatePdf(TelcoSepaCommon, HttpCase):
    """PDF rendering through wkhtmltopdf, which loads the report assets from the test server.

    It needs ``HttpCase``: only then does the server serve wkhtmltopdf's requests within the
    test transaction instead of waiting for it.
    """

    def test_pdf_rendered_by_wkhtmltopdf(self):
        report = self.env['ir.actions.report'].with_context(force_report_rendering=True)
        pdf, report_type = report._render_qweb_pdf('telco_sepa.report_mandate', self.mandate.ids)
        self.assertEqual(report_type, 'pdf')
        self.assertTrue(pdf.startswith(b'%PDF'))
