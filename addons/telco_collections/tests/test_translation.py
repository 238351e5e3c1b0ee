from odoo.tests import TransactionCase, new_test_user, tagged


@tagged('post_install', '-at_install')
class TestSpanishTranslation(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env['res.lang']._activate_lang('es_ES')
        cls.env['ir.module.module']._load_module_terms(['telco_collections'], ['es_ES'], overwrite=True)
        cls.user = new_test_user(
            cls.env, login='telco_es_user', lang='es_ES',
            groups='base.group_user,telco_collections.group_collections_viewer',
        )

    def test_menu_named_cobros(self):
        root = self.env.ref('telco_collections.menu_collections_root')
        menus = self.env['ir.ui.menu'].with_user(self.user).with_context(lang=self.user.lang).load_menus(False)
        self.assertEqual(menus[root.id]['name'], 'Cobros')

    def test_field_labels_in_spanish(self):
        fields_es = self.env['account.move'].with_context(lang='es_ES').fields_get(['collection_state'])
        self.assertEqual(fields_es['collection_state']['string'], 'Estado de cobro')
        selection = dict(fields_es['collection_state']['selection'])
        self.assertEqual(selection['returned'], 'Devuelta')
        self.assertEqual(selection['in_collection'], 'Enviada al banco')
