#!/usr/bin/env bash
# Run the Odoo-free tests with pytest, then, where Odoo 18 is importable, install the three
# addons in a fresh database and run their Odoo tests. Ends with one line that totals both.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
DB_HOST="${DB_HOST:-127.0.0.1}"
DB_PORT="${DB_PORT:-5432}"
DB_USER="${DB_USER:-odoo}"
TEST_DB="${TEST_DB:-telco_test_$$}"
MODULES="telco_collections,telco_sepa,telco_dunning"
# The Odoo tests run on companies with the Spanish chart of accounts (l10n_es) and check the
# Spanish translations, so both are installed with the addons.
INSTALL="l10n_es,$MODULES"
OUT="$ROOT/var/test"
mkdir -p "$OUT"

"$PYTHON" -m pytest -q -p no:cacheprovider --junitxml="$OUT/pytest.xml" tests
pytest_rc=$?
read -r py_passed py_failed py_skipped < <("$PYTHON" - "$OUT/pytest.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print(0, 1, 0)
    raise SystemExit
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
total = sum(int(s.get("tests", 0)) for s in suites)
failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(total - failed - skipped, failed, skipped)
PY
)
if [ "$pytest_rc" -ne 0 ] && [ "$py_failed" -eq 0 ]; then
    py_failed=1
fi

odoo_passed=0
odoo_failed=0
odoo_skipped=0
if ! "$PYTHON" -c "import odoo" 2>/dev/null; then
    echo "Odoo tests skipped: the odoo package (Odoo 18) is not importable; see README.md."
else
    log="$OUT/odoo-tests.log"
    echo "Odoo tests: installing $INSTALL in database $TEST_DB (log: $log)"
    dropdb -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" --if-exists "$TEST_DB" 2>/dev/null
    "$PYTHON" tools/odoo_cli.py \
        --db_host="$DB_HOST" --db_port="$DB_PORT" --db_user="$DB_USER" -d "$TEST_DB" \
        -i "$INSTALL" --load-language=es_ES --without-demo=all --test-enable \
        --test-tags="/telco_collections,/telco_sepa,/telco_dunning" \
        --stop-after-init --http-port=8079 --log-level=test >"$log" 2>&1
    odoo_rc=$?
    read -r odoo_passed odoo_failed odoo_skipped < <("$PYTHON" tools/odoo_test_summary.py "$log" "$odoo_rc")
    grep -E " (ERROR|CRITICAL) |^(FAIL|ERROR):" "$log" | head -50
    tail -3 "$log"
    dropdb -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" --if-exists "$TEST_DB" 2>/dev/null
    grep -E "(odoo\.addons\.\S+|odoo\.tests\.suite): skipped " "$log" | sed 's/^.*: skipped /skipped: /'
    echo "odoo: $odoo_passed passed, $odoo_failed failed, $odoo_skipped skipped"
fi

passed=$((py_passed + odoo_passed))
failed=$((py_failed + odoo_failed))
skipped=$((py_skipped + odoo_skipped))
echo "total: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
