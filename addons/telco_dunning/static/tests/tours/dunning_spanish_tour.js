/** @odoo-module */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A Spanish-speaking collector finds a customer's dunning history and the suspension notice
// sent to it, by their Spanish labels.
registry.category("web_tour.tours").add("telco_dunning_spanish_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("telco_collections.menu_collections_root"),
        {
            content: "Open the operations menu",
            trigger: "button[data-menu-xmlid='telco_collections.menu_collections_operations']",
            run: "click",
        },
        {
            content: "Open the dunning history",
            trigger: "a[data-menu-xmlid='telco_dunning.menu_telco_dunning_actions']",
            run: "click",
        },
        {
            content: "The history is titled in Spanish",
            trigger: ".o_breadcrumb:contains('Historial de reclamaciones')",
        },
        {
            content: "The suspension notice of the tour customer is listed",
            trigger: ".o_data_row:contains('Aviso de suspensión') td.o_data_cell:contains('Cliente Tour Reclamación')",
            run: "click",
        },
        {
            content: "The action shows the planned suspension date label in Spanish",
            trigger: ".o_form_view label:contains('Fecha prevista de suspensión')",
        },
    ],
});
