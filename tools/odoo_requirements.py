"""Print Odoo 18's requirements.txt with the newest pin of each package and no markers.

Odoo pins each package per Python version, and its pins for Python 3.10 and 3.11 are too old to
build on current systems; the pins for Python 3.12 install on Python 3.11 too. python-ldap is
left out because only LDAP authentication needs it. Usage: odoo_requirements.py REQUIREMENTS
"""

from __future__ import annotations

import re
import sys

from packaging.version import Version

SKIPPED = {"python-ldap", "pypiwin32", "rl-renderpm"}
REQUIREMENT = re.compile(r"([A-Za-z0-9_.\-]+)\s*(?:==\s*(\S+))?")


def newest_pins(lines: list[str]) -> list[str]:
    newest: dict[str, tuple[str, str | None]] = {}
    for raw in lines:
        line = raw.split("#")[0].strip()
        if not line:
            continue
        match = REQUIREMENT.match(line.split(";")[0].strip())
        if not match:
            continue
        name, version = match.group(1), match.group(2)
        key = name.lower()
        if key in SKIPPED:
            continue
        current = newest.get(key)
        if current is None or (version and (current[1] is None or Version(version) > Version(current[1]))):
            newest[key] = (name, version)
    return [f"{name}=={version}" if version else name for name, version in newest.values()]


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as requirements:
        print("\n".join(newest_pins(requirements.readlines())))
