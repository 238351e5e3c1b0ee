import base64

from lxml import etree

from odoo.tests import freeze_time, tagged

from telcocollect.sepa.pain008 import validate_pain008

from .common import TODAY, TelcoSepaCommon

NAMESPACES = {
    'pain.008.001.02': 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.02',
    'pain.008.001.08': 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.08',
}


@tagged('post_install', '-at_install')
class TestRemittanceFiles(TelcoSepaCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profile = cls.journal._get_telco_sepa_bank_profile().sudo()

    def _generated(self, invoices):
        with freeze_time(TODAY):
            remittance = self._remittance()
            remittance.action_select_invoices()
            remittance.action_generate_file()
        self.assertEqual(remittance.line_ids.move_id, invoices)
        return remittance

    def _ids(self, remittance, version='pain.008.001.02'):
        ns = {'p': NAMESPACES[version]}
        result = []
        for file in remittance.file_ids:
            tree = etree.fromstring(base64.b64decode(file.datas))
            result.append((
                tree.findtext('.//p:GrpHdr/p:MsgId', namespaces=ns),
                tuple(tree.xpath('//p:PmtInf/p:PmtInfId/text()', namespaces=ns)),
                tuple(tree.xpath('//p:DrctDbtTxInf/p:PmtId/p:EndToEndId/text()', namespaces=ns)),
                tree.findtext('.//p:GrpHdr/p:CreDtTm', namespaces=ns),
            ))
        return result

    def test_both_versions_xpath(self):
        invoices = self._invoice(self.debtor, 33.33) + self._invoice(self.debtor_b, 10.10)
        self.profile.creditor_business_code = '001'
        creditor_id = self.profile.creditor_identifier
        self.assertEqual(creditor_id[4:7], '001')
        for version, namespace in NAMESPACES.items():
            with self.subTest(version=version):
                self.profile.pain008_version = version
                remittance = self._generated(invoices)
                xml = base64.b64decode(remittance.file_attachment_id.datas)
                validate_pain008(xml)
                tree = etree.fromstring(xml)
                ns = {'p': namespace}
                self.assertEqual(etree.QName(tree).namespace, namespace)
                self.assertEqual(remittance.file_ids.pain008_version, version)
                self.assertEqual(
                    tree.findtext('.//p:GrpHdr/p:MsgId', namespaces=ns), f"{remittance.name}-1",
                )
                self.assertEqual(
                    tree.findtext('.//p:GrpHdr/p:InitgPty/p:Id/p:OrgId/p:Othr/p:Id',
                                  namespaces=ns),
                    creditor_id,
                )
                self.assertEqual(
                    tree.findtext('.//p:PmtInf/p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id',
                                  namespaces=ns),
                    creditor_id,
                )
                self.assertEqual(tree.findtext('.//p:PmtInf/p:PmtTpInf/p:SeqTp',
                                               namespaces=ns), 'RCUR')
                towns = tree.xpath('//p:Dbtr/p:PstlAdr/p:TwnNm/text()', namespaces=ns)
                countries = tree.xpath('//p:Dbtr/p:PstlAdr/p:Ctry/text()', namespaces=ns)
                self.assertEqual(sorted(towns), ['Bilbao', 'Malaga'])
                self.assertEqual(countries, ['ES', 'ES'])
                self.assertEqual(
                    tree.xpath('//p:DrctDbtTxInf/p:PmtId/p:EndToEndId/text()', namespaces=ns),
                    remittance.line_ids.sorted('id').mapped('end_to_end_id'),
                )
                remittance.action_reset_to_draft()
                remittance.unlink()

    def test_custom_presenter_in_header(self):
        invoice = self._invoice(self.debtor, 12.0)
        self.profile.write({'initiating_party_id_kind': 'custom', 'initiating_party_id': 'PRES01'})
        remittance = self._generated(invoice)
        tree = etree.fromstring(base64.b64decode(remittance.file_attachment_id.datas))
        ns = {'p': NAMESPACES['pain.008.001.02']}
        self.assertEqual(
            tree.findtext('.//p:GrpHdr/p:InitgPty/p:Id/p:OrgId/p:Othr/p:Id', namespaces=ns),
            'PRES01',
        )

    def test_regenerate_keeps_ids(self):
        invoices = (
            self._invoice(self.debtor, 10.0)
            + self._invoice(self.debtor_b, 11.0)
            + self._invoice(self.debtor, 12.0)
        )
        self.profile.max_transactions = 2
        remittance = self._generated(invoices)
        before = self._ids(remittance)

        with freeze_time('2025-03-03 10:15:00'):
            remittance.action_reset_to_draft()
            self.assertFalse(remittance.file_ids)
            remittance.action_generate_file()
        after = self._ids(remittance)

        self.assertEqual(len(before), 2)
        self.assertEqual([ids[:3] for ids in after], [ids[:3] for ids in before])
        self.assertNotEqual(after[0][3], before[0][3])
        self.assertEqual(remittance.message_id, f"{remittance.name}-1")

    def test_split_by_bank_maximum(self):
        invoices = self.env['account.move']
        for amount in (10.0, 11.0, 12.0, 13.0, 14.0):
            invoices |= self._invoice(self.debtor, amount)
        self.profile.max_transactions = 2
        remittance = self._generated(invoices)

        files = remittance.file_ids
        self.assertEqual(files.mapped('sequence'), [1, 2, 3])
        self.assertEqual(
            files.mapped('name'),
            [f"{remittance.name}-1.xml", f"{remittance.name}-2.xml", f"{remittance.name}-3.xml"],
        )
        self.assertEqual(files.mapped('transaction_count'), [2, 2, 1])
        self.assertEqual(remittance.file_attachment_id, files[0].attachment_id)
        self.assertEqual(remittance.message_id, files[0].message_id)

        ns = {'p': NAMESPACES['pain.008.001.02']}
        seen = {}
        for file in files:
            xml = base64.b64decode(file.datas)
            validate_pain008(xml)
            tree = etree.fromstring(xml)
            self.assertEqual(tree.findtext('.//p:GrpHdr/p:MsgId', namespaces=ns),
                             file.message_id)
            self.assertEqual(tree.findtext('.//p:GrpHdr/p:NbOfTxs', namespaces=ns),
                             str(file.transaction_count))
            for e2e in tree.xpath('//p:EndToEndId/text()', namespaces=ns):
                self.assertNotIn(e2e, seen)
                seen[e2e] = file
        lines = remittance.line_ids
        self.assertEqual(set(seen), set(lines.mapped('end_to_end_id')))
        for line in lines:
            self.assertEqual(seen[line.end_to_end_id], line.file_id)
        self.assertEqual(lines.move_id, invoices)

    def test_frst_from_bank_profile(self):
        self._invoice(self.debtor, 10.0)
        self.company.sepa_use_frst = True
        remittance = self._generated(self.env['account.move'].search([
            ('partner_id', '=', self.debtor.id), ('move_type', '=', 'out_invoice'),
        ]))
        self.assertEqual(remittance.line_ids.sequence_type, 'RCUR')
        remittance.action_reset_to_draft()
        remittance.line_ids.unlink()
        self.profile.use_frst = True
        with freeze_time(TODAY):
            remittance.action_select_invoices()
        self.assertEqual(remittance.line_ids.sequence_type, 'FRST')
