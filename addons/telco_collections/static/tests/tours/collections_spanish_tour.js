/** @odoo-module */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A Spanish-speaking collector opens the Collections app and finds a customer with open debt
// and the overdue invoices. Every menu and column the tour checks must read in Spanish.
registry.category("web_tour.tours").add("telco_collections_spanish_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("telco_collections.menu_collections_root"),
        {
            content: "The app is named Cobros",
            trigger: ".o_main_navbar .o_menu_brand:contains('Cobros')",
        },
        {
            content: "Open the customers with open debt",
            trigger: "button[data-menu-xmlid='telco_collections.menu_collections_customers'], a[data-menu-xmlid='telco_collections.menu_collections_customers']",
            run: "click",
        },
        {
            content: "The list shows the overdue amount column in Spanish",
            trigger: ".o_list_view th:contains('Importe vencido')",
        },
        {
            content: "Open the customer of the tour",
            trigger: ".o_data_row td:contains('Cliente Moroso Tour')",
            run: "click",
        },
        {
            content: "The Collections tab is shown in Spanish",
            trigger: ".o_notebook .nav-link:contains('Cobros')",
            run: "click",
        },
        {
            content: "The overdue invoice is listed",
            trigger: ".o_notebook .o_data_row:contains('Vencida')",
        },
        {
            content: "Open the reporting menu",
            trigger: "button[data-menu-xmlid='telco_collections.menu_collections_reporting']",
            run: "click",
        },
        {
            content: "Open the overdue invoices",
            trigger: "a[data-menu-xmlid='telco_collections.menu_collections_overdue_invoices']",
            run: "click",
        },
        {
            content: "The overdue invoice of the tour customer is there",
            trigger: ".o_list_view .o_data_row:contains('Cliente Moroso Tour')",
        },
    ],
});
