"""Bank file formats and collection rules for Spanish telecom collections.

This package has no Odoo dependency: the Odoo addons under ``addons/`` import it, and
its tests run with pytest on any machine.
"""

__version__ = "0.1.0"
