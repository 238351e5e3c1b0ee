"""Run Odoo 18's server command with this project's addons on the addons path.

Odoo is found through ``import odoo``; its bundled addons come with it. A source checkout of the
18.0 branch keeps most addons in ``<checkout>/addons``, which is added when it exists. Every
argument is passed to Odoo unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT_ADDONS = Path(__file__).resolve().parents[1] / "addons"


def addons_path() -> str:
    import odoo

    paths = [PROJECT_ADDONS]
    checkout_addons = Path(odoo.__file__).resolve().parents[1] / "addons"
    if (checkout_addons / "web").is_dir():
        paths.append(checkout_addons)
    paths.append(Path(odoo.__file__).resolve().parent / "addons")
    return ",".join(str(path) for path in paths)


def main() -> None:
    import odoo.cli

    arguments = sys.argv[1:]
    if not any(argument.startswith("--addons-path") for argument in arguments):
        arguments.append(f"--addons-path={addons_path()}")
    sys.argv = ["odoo", *arguments]
    odoo.cli.main()


if __name__ == "__main__":
    main()
