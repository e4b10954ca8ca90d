"""Turn one benchmark run into bench/results/latest.md and latest.json, with the targets.

Stdlib only. bench/run.sh calls it after the load::

    python3 bench/report.py --results RESULTS_JSON --queries QUERIES_TSV --rss RSS_JSON \\
        --writes WRITES_JSON --meta META_JSON --out bench/results

RESULTS_JSON is what the kit's bench.py wrote (results-*.json), QUERIES_TSV holds
``group<TAB>name<TAB>statements``, RSS_JSON comes from bench/rss_sampler.py, WRITES_JSON
holds the duplicates found in each write server's database after the run, META_JSON
the run's knobs, commit and notes. Prints the markdown it writes.
"""

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit

CEILING = "wsgi-bytes"
# (group, our row, the row it is compared with, least ratio of req/s, kind)
RATIO_TARGETS = (
    ("json-1000", "ours", "isso", 50.0, "target"),
    ("json-1000", "ours-cached", CEILING, 0.7, "target"),
    ("page-1000-p1", "ours", "flaskbb-t10", 2.0, "target"),
    ("page-1000-p1", "ours-cached", CEILING, 0.7, "target"),
    ("page-1000-all", "ours", "flaskbb-all", 10.0, "target"),
    ("page-1000-all", "ours-cached", CEILING, 0.7, "target"),
    ("page-10", "ours-cached", CEILING, 0.7, "report"),
    ("write-sqlite", "ours-sqlite", "isso", 1.0, "target"),
    ("write-postgres", "ours-postgres", "isso", 1.0, "target"),
)
# Most SQL statements per request allowed, by the group's name prefix.
SQL_LIMITS = (("page-", 8), ("json-", 3))
OURS = ("ours", "ours-cached", "ours-sqlite", "ours-postgres")
# bench.py gives up waiting for an idle machine after this long.
DRAIN_TIMEOUT_S = 120


def load_queries(path: str | None) -> dict[tuple[str, str], str]:
    """Read the statements per request by (group, name)."""
    found: dict[tuple[str, str], str] = {}
    if path and os.path.exists(path):
        for line in Path(path).read_text().splitlines():
            cols = line.split("\t")
            if len(cols) >= 3 and not line.startswith("#"):
                found[(cols[0], cols[1])] = cols[2].strip()
    return found


def load_json(path: str | None) -> dict:
    """Read a JSON file, or {} if there is none."""
    if path and os.path.exists(path):
        return json.loads(Path(path).read_text())
    return {}


def peak_rss_mb(url: str, rss: dict) -> tuple[float | None, int]:
    """Return the largest peak RSS of the server's workers in MB, and how many there were."""
    port = str(urlsplit(url).port or "")
    workers = rss.get("servers", {}).get(port, {}).get("workers", {})
    if not workers:
        return None, 0
    return round(max(w["hwm_kb"] for w in workers.values()) / 1024, 1), len(workers)


def summarise(case: dict, queries: dict, rss: dict, writes: dict) -> dict:
    """Reduce one target's runs to the table's numbers (medians over rounds)."""
    runs = case["runs"]
    rps = [r["rps"] for r in runs]
    med = statistics.median
    row = {
        "group": case["group"],
        "name": case["name"],
        "kind": case["kind"],
        "url": case["url"],
        "rounds": len(runs),
        "rps": round(med(rps), 1) if rps else None,
        "rps_min": min(rps, default=None),
        "rps_max": max(rps, default=None),
        "spread_pct": round(100 * (max(rps) - min(rps)) / med(rps)) if rps and med(rps) else None,
        "p50_ms": _median([r["p50"] for r in runs]),
        "p99_ms": _median([r["p99"] for r in runs]),
        "bytes": case.get("bytes"),
        "sql_per_request": queries.get((case["group"], case["name"])),
        "non2xx": sum(r["non2xx"] for r in runs),
        "socket_errors": sum(sum(r["sock_err"].values()) for r in runs),
    }
    row["peak_rss_mb"], row["workers_seen"] = peak_rss_mb(case["url"], rss)
    if case["kind"] == "post":
        acknowledged = [r["requests"] - r["non2xx"] for r in runs]
        added = [r.get("rows_added", 0) for r in runs]
        row["acknowledged"] = sum(acknowledged)
        row["rows_added"] = sum(added)
        row["lost"] = sum(max(0, a - b) for a, b in zip(acknowledged, added, strict=True))
        row["duplicated"] = writes.get(case["group"], {}).get(case["name"], {}).get("duplicated")
    return row


def _median(values: list) -> float | None:
    """Return the median of the values that are there, or None."""
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 1) if present else None


def _find(rows: list[dict], group: str, name: str) -> dict | None:
    """Return the row of a target in a group."""
    return next((r for r in rows if r["group"] == group and r["name"] == name), None)


def judge(rows: list[dict]) -> list[dict]:
    """Check every target that this run measured."""
    targets = []
    for group, ours, other, least, kind in RATIO_TARGETS:
        mine, theirs = _find(rows, group, ours), _find(rows, group, other)
        goal = f"{ours} ≥ {least:g}× {other} req/s"
        if mine is None or theirs is None or not theirs["rps"]:
            targets.append(_verdict(group, goal, "not measured", None, kind))
            continue
        ratio = mine["rps"] / theirs["rps"]
        measured = f"{mine['rps']:.1f} vs {theirs['rps']:.1f} req/s = {ratio:.2f}×"
        targets.append(_verdict(group, goal, measured, ratio >= least, kind, round(ratio, 3)))
    for row in rows:
        if row["kind"] == "post" and row["name"] in OURS:
            targets.append(_write_verdict(row))
    for row in rows:
        limit = next((n for prefix, n in SQL_LIMITS if row["group"].startswith(prefix)), None)
        if row["name"] not in OURS or limit is None:
            continue
        goal = f"{row['name']} ≤ {limit} SQL statements per request"
        sql = row["sql_per_request"]
        if sql is None or not str(sql).isdigit():
            targets.append(_verdict(row["group"], goal, "not counted", None, "target"))
        else:
            targets.append(_verdict(row["group"], goal, f"{sql}", int(sql) <= limit, "target"))
    return targets


def _write_verdict(row: dict) -> dict:
    """Check a write row: nothing lost or duplicated, and no refused or failed request."""
    goal = f"{row['name']}: 0 lost, 0 duplicated, 0 non-2xx/3xx"
    measured = (
        f"{row['acknowledged']} acknowledged, rows +{row['rows_added']}, lost {row['lost']}, "
        f"duplicated {row['duplicated'] if row['duplicated'] is not None else '?'}, "
        f"non-2xx/3xx {row['non2xx']}"
    )
    passed = (
        row["lost"] == 0 and row["duplicated"] == 0 and row["non2xx"] == 0 and row["rounds"] > 0
    )
    return _verdict(row["group"], goal, measured, passed, "target")


def _verdict(group, goal, measured, passed, kind, ratio=None) -> dict:
    """Describe one checked target."""
    result = "n/a" if passed is None else ("PASS" if passed else "FAIL")
    return {
        "group": group,
        "goal": goal,
        "measured": measured,
        "ratio": ratio,
        "result": result,
        "kind": kind,
    }


def busy_machine_notes(cases: list[dict]) -> list[str]:
    """Say so when something else kept the machine busy: the numbers are then unreliable."""
    runs = [run for case in cases for run in case["runs"]]
    stuck = sum(run.get("drain_s", 0) >= DRAIN_TIMEOUT_S for run in runs)
    if not stuck:
        return []
    return [
        f"{stuck} of {len(runs)} runs waited the full {DRAIN_TIMEOUT_S} s for the machine to "
        "go idle afterwards: something else was using the CPUs, so these numbers are noisy"
    ]


def machine() -> dict:
    """Describe the machine: cores, CPU, kernel, Python."""
    model = ""
    if os.path.exists("/proc/cpuinfo"):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": os.cpu_count(),
        "cpu": model or platform.processor(),
        "kernel": platform.release(),
        "system_python": platform.python_version(),
    }


def _cell(value, fmt: str = "{}") -> str:
    """Format a table cell; '-' for nothing."""
    return "-" if value is None else fmt.format(value)


def results_table(rows: list[dict]) -> list[str]:
    """Return the markdown table of every target's numbers."""
    lines = [
        "| group | target | req/s (median) | req/s min-max | spread % | p50 ms | p99 ms | bytes "
        "| SQL/req | errors | writes | peak RSS/worker MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|",
    ]
    for r in rows:
        writes = "-"
        if r["kind"] == "post":
            writes = (
                f"2xx/3xx {r['acknowledged']}, rows +{r['rows_added']}, lost {r['lost']}, "
                f"dup {_cell(r['duplicated'])}"
            )
        rss = _cell(r["peak_rss_mb"], "{:.1f}")
        if r["workers_seen"] > 2:
            rss += f" ({r['workers_seen']} workers)"
        lines.append(
            f"| {r['group']} | {r['name']} | {_cell(r['rps'], '{:.1f}')} | "
            f"{_cell(r['rps_min'], '{:.1f}')}-{_cell(r['rps_max'], '{:.1f}')} | "
            f"{_cell(r['spread_pct'])} | {_cell(r['p50_ms'])} | {_cell(r['p99_ms'])} | "
            f"{_cell(r['bytes'])} | {_cell(r['sql_per_request'])} | "
            f"non2xx {r['non2xx']}, sock {r['socket_errors']} | {writes} | {rss} |"
        )
    return lines


def targets_table(targets: list[dict]) -> list[str]:
    """Return the markdown table of the targets and their verdicts."""
    lines = ["| group | goal | measured | result |", "|---|---|---|---|"]
    for t in targets:
        result = t["result"] + (" (report only)" if t["kind"] == "report" else "")
        lines.append(f"| {t['group']} | {t['goal']} | {t['measured']} | {result} |")
    return lines


def render(meta: dict, host: dict, rows: list[dict], targets: list[dict]) -> str:
    """Return the whole markdown report."""
    knobs = ", ".join(f"{k}={v}" for k, v in meta.get("knobs", {}).items())
    failed = sum(t["result"] == "FAIL" and t["kind"] == "target" for t in targets)
    dirty = " (with uncommitted changes)" if meta.get("dirty") else ""
    lines = [
        f"# Summit Forum benchmark, {meta.get('finished', time.strftime('%Y-%m-%d %H:%M'))}",
        "",
        f"- machine: {host['nproc']} CPUs, {host['cpu']}, Linux {host['kernel']}, "
        f"our Python {meta.get('python', '?')}, system Python {host['system_python']}",
        f"- commit: {meta.get('commit', '?')}{dirty}",
        f"- started {meta.get('started', '?')}; knobs: {knobs}",
        f"- servers: {meta.get('servers', '')}",
        "",
        "## Results",
        "",
        *results_table(rows),
        "",
        "Medians over rounds. errors: non-2xx/3xx responses (4xx included) and socket "
        "errors. writes: acknowledged (303 for ours, 201 for Isso), rows added, "
        "acknowledged but missing (lost), repeated bodies among the new rows (dup). Peak "
        "RSS: the largest VmHWM of the server's gunicorn workers.",
        "",
        "## Targets",
        "",
        *targets_table(targets),
        "",
        f"{failed} target(s) failed." if failed else "Every measured target passed.",
    ]
    notes = meta.get("notes") or []
    if notes:
        lines += ["", "## Notes", "", *[f"- {note}" for note in notes]]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Read the run's files, print the report and write latest.md and latest.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", required=True)
    parser.add_argument("--queries")
    parser.add_argument("--rss")
    parser.add_argument("--writes")
    parser.add_argument("--meta")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    results = load_json(args.results)
    queries, rss = load_queries(args.queries), load_json(args.rss)
    writes, meta = load_json(args.writes), load_json(args.meta)
    rows = [summarise(case, queries, rss, writes) for case in results["cases"]]
    meta.setdefault("notes", []).extend(busy_machine_notes(results["cases"]))
    targets = judge(rows)
    host = machine()
    text = render(meta, host, rows, targets)
    os.makedirs(args.out, exist_ok=True)
    Path(args.out, "latest.md").write_text(text)
    document = {
        "meta": meta,
        "machine": host,
        "bench_args": results.get("args", {}),
        "rows": rows,
        "targets": targets,
        "writes": writes,
        "rss": rss,
    }
    Path(args.out, "latest.json").write_text(json.dumps(document, indent=1) + "\n")
    print(text)


if __name__ == "__main__":
    main()
