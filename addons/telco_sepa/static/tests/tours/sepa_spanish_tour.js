/** @odoo-module */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A Spanish-speaking accountant finds a customer's mandate, the remittance that collected it
// and the bank's return, by their Spanish labels.
registry.category("web_tour.tours").add("telco_sepa_spanish_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("telco_collections.menu_collections_root"),
        {
            content: "Open the operations menu",
            trigger: "button[data-menu-xmlid='telco_collections.menu_collections_operations']",
            run: "click",
        },
        {
            content: "Open the mandates",
            trigger: "a[data-menu-xmlid='telco_sepa.menu_telco_sepa_mandates']",
            run: "click",
        },
        {
            content: "The mandate of the customer is listed",
            trigger: ".o_breadcrumb:contains('Mandatos')",
        },
        {
            trigger: ".o_data_row td.o_data_cell:contains('MND-0001')",
        },
        {
            content: "Open the operations menu again",
            trigger: "button[data-menu-xmlid='telco_collections.menu_collections_operations']",
            run: "click",
        },
        {
            content: "Open the remittances",
            trigger: "a[data-menu-xmlid='telco_sepa.menu_telco_sepa_remittances']",
            run: "click",
        },
        {
            content: "Open the sent remittance",
            trigger: ".o_breadcrumb:contains('Remesas')",
        },
        {
            trigger: ".o_data_row td.o_data_cell:contains('Enviad')",
            run: "click",
        },
        {
            content: "Its debit shows as returned",
            trigger: ".o_notebook .nav-link:contains('Recibos')",
        },
        {
            trigger: ".o_notebook .o_data_row:contains('Devuelto'):contains('AM04')",
        },
        {
            content: "Open the operations menu for the returns",
            trigger: "button[data-menu-xmlid='telco_collections.menu_collections_operations']",
            run: "click",
        },
        {
            content: "Open the return files",
            trigger: "a[data-menu-xmlid='telco_sepa.menu_telco_sepa_returns']",
            run: "click",
        },
        {
            content: "The imported returns file is listed",
            trigger: ".o_breadcrumb:contains('Devoluciones')",
        },
        {
            trigger: ".o_data_row td.o_data_cell:contains('devoluciones.c19')",
        },
    ],
});
