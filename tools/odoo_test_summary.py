"""Print "PASSED FAILED SKIPPED" counts read from an Odoo 18 test log.

Odoo logs one ``odoo.tests.result`` line per test phase, for example
``0 failed, 1 error(s) of 42 tests when loading database``. A run whose exit code is not 0,
or whose log has an ERROR or CRITICAL line, counts at least one failure even when no result
line reports it (a module that fails to install runs no test). Odoo counts a skipped test (for
example a browser tour where Chrome is missing) among the tests run and logs a ``skipped`` line
for it; those are reported apart. A skipped test class counts as one skip.
"""

from __future__ import annotations

import re
import sys

RESULT = re.compile(r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests")
ERROR_LINE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
SKIPPED_LINE = re.compile(r"^\S+ \S+ \d+ INFO \S+ odoo\.addons\.\S+: skipped ")
# A test class whose setUpClass raises SkipTest (for example a chart of accounts module that is
# not installed) is logged once, by the suite, and its tests are not counted at all.
SKIPPED_CLASS_LINE = re.compile(r"^\S+ \S+ \d+ INFO \S+ odoo\.tests\.suite: skipped setUpClass ")


def summarize(log_text: str, exit_code: int) -> tuple[int, int, int]:
    total = failed = 0
    for match in RESULT.finditer(log_text):
        failed += int(match.group(1)) + int(match.group(2))
        total += int(match.group(3))
    lines = log_text.splitlines()
    error_lines = sum(1 for line in lines if ERROR_LINE.match(line))
    skipped = sum(1 for line in lines if SKIPPED_LINE.match(line) or SKIPPED_CLASS_LINE.match(line))
    if failed == 0 and (exit_code != 0 or error_lines):
        failed = max(1, error_lines)
    return max(total - failed - skipped, 0), failed, skipped


def main() -> None:
    with open(sys.argv[1], encoding="utf-8", errors="replace") as log:
        passed, failed, skipped = summarize(log.read(), int(sys.argv[2]))
    print(passed, failed, skipped)


if __name__ == "__main__":
    main()
