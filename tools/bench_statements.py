"""Benchmark of the Norma 43 parser on a generated file.

Builds one account with ``--movements`` movements (default 100,000), each with a record 23;
every fourth movement carries the five SEPA direct debit records of the third modality. Then
parses the file and prints the parse time (best of ``--repeat`` runs) and the peak memory that
tracemalloc measures during one more, separate parse.

Run: python3 tools/bench_statements.py [--movements N] [--repeat R]
"""

from __future__ import annotations

import argparse
import platform
import resource
import time
import tracemalloc

from telcocollect.aeb import norma43


def _record(text: str) -> str:
    return text.ljust(80)


def build_file(movements: int) -> bytes:
    """Return a valid Norma 43 file (ISO-8859-1, CRLF) with one account of ``movements``."""
    opening = 10_000_000
    records = [_record(f"11210000010123456789260301260331{2}{opening:014d}9783TELCO EJEMPLO SL")]
    debits = credits = debit_total = credit_total = 0
    for index in range(movements):
        amount = 1000 + index % 9000
        is_debit = index % 3 == 0
        day = 1 + index % 28
        booking = f"2603{day:02d}"
        if is_debit:
            debits += 1
            debit_total += amount
        else:
            credits += 1
            credit_total += amount
        flag = "1" if is_debit else "2"
        concept = "14" if is_debit else "03"
        records.append(
            _record(
                f"22    0001{booking}{booking}{concept}051{flag}{amount:014d}0000000000"
                f"REF{index:09d}FAC{index:013d}"
            )
        )
        if index % 4 == 0:
            records.append(_record(f"2301CORE{'TELCO EJEMPLO SL':<70}"))
            records.append(_record(f"2302{'ES12000B12345678':<35}{f'MND-{index:08d}':<35}"))
            records.append(_record(f"2303OTHR    FACTURA FAC{index:013d} CUOTA MENSUAL"))
            records.append(_record("2304"))
            records.append(_record(f"2305{f'E2E-{index:012d}':<35}{'CLIENTE DE PRUEBA ÑÚ':<41}"))
        else:
            records.append(_record(f"2301RECIBO FAC{index:013d}             CLIENTE {index}"))
    closing = opening + credit_total - debit_total
    records.append(
        _record(
            f"33210000010123456789{debits:05d}{debit_total:014d}{credits:05d}"
            f"{credit_total:014d}2{closing:014d}978"
        )
    )
    records.append(_record(f"88{'9' * 18}{len(records):06d}"))
    return ("\r\n".join(records) + "\r\n").encode("iso-8859-1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--movements", type=int, default=100_000, help="number of movements")
    parser.add_argument("--repeat", type=int, default=3, help="timed parses; the best is shown")
    args = parser.parse_args()

    data = build_file(args.movements)
    print(f"file: {args.movements} movements, {len(data) / 1e6:.1f} MB")
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")

    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        statements = norma43.parse(data)
        timings.append(time.perf_counter() - start)
    lines = sum(len(statement.lines) for statement in statements)
    best = min(timings)
    print(f"parse: {best:.2f} s best of {args.repeat} ({lines / best:,.0f} movements/s)")

    tracemalloc.start()
    norma43.parse(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory traced during one parse: {peak / 1e6:.0f} MB")
    # ru_maxrss is in kilobytes on Linux.
    print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")


if __name__ == "__main__":
    main()
