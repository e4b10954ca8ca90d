"""Sample the peak memory of every gunicorn worker while the load runs.

Stdlib only, Linux only. usage: ``python3 rss_sampler.py OUT_JSON INTERVAL_S PORT...``

Every INTERVAL_S seconds it finds each gunicorn master bound to one of the ports (its
command line says ``-b 127.0.0.1:PORT`` or ``--bind``), reads VmHWM (peak resident
memory) and VmRSS of the master's children (the workers) from /proc, keeps the largest
per worker, and rewrites OUT_JSON. It stops on SIGTERM or SIGINT after a last write.
(A gunicorn that renames its processes with setproctitle hides the port: not used here.)
"""

import json
import os
import re
import signal
import sys
import time


def _read(path: str) -> str:
    """Return a /proc file's text, or "" if the process is gone."""
    try:
        with open(path, "rb") as f:
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def _port(cmdline: list[str]) -> int | None:
    """Return the port a gunicorn command line binds, if it is one."""
    if not any("gunicorn" in part for part in cmdline[:3]):
        return None
    for i, part in enumerate(cmdline):
        if part in ("-b", "--bind") and i + 1 < len(cmdline):
            part = cmdline[i + 1]
        elif not part.startswith(("-b", "--bind=")):
            continue
        found = re.search(r":(\d+)$", part)
        if found:
            return int(found.group(1))
    return None


def _status(pid: str) -> dict[str, str]:
    """Return the fields of /proc/<pid>/status."""
    fields = {}
    for line in _read(f"/proc/{pid}/status").splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def _kb(value: str | None) -> int:
    """Read "1234 kB" as 1234."""
    return int(value.split()[0]) if value else 0


def sample(ports: set[int], peaks: dict) -> None:
    """Take one sample of every worker of the watched servers into ``peaks``."""
    masters, parents = {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        status = _status(pid)
        if not status:
            continue
        parents[pid] = status.get("PPid", "")
        port = _port(_read(f"/proc/{pid}/cmdline").split("\0"))
        if port in ports:
            masters[pid] = port
    for pid, ppid in parents.items():
        if ppid not in masters:
            continue
        status = _status(pid)
        server = peaks.setdefault(str(masters[ppid]), {"master": int(ppid), "workers": {}})
        worker = server["workers"].setdefault(pid, {"hwm_kb": 0, "rss_kb": 0})
        worker["hwm_kb"] = max(worker["hwm_kb"], _kb(status.get("VmHWM")))
        worker["rss_kb"] = max(worker["rss_kb"], _kb(status.get("VmRSS")))


def _write(path: str, peaks: dict, samples: int, interval: float) -> None:
    """Replace the JSON file with the peaks so far."""
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"interval_s": interval, "samples": samples, "servers": peaks}, f, indent=1)
    os.replace(tmp, path)


def main() -> None:
    """Sample until told to stop."""
    out, interval, ports = sys.argv[1], float(sys.argv[2]), {int(p) for p in sys.argv[3:]}
    stop = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.append(True))
    peaks: dict = {}
    samples = 0
    while not stop:
        sample(ports, peaks)
        samples += 1
        _write(out, peaks, samples, interval)
        deadline = time.monotonic() + interval
        while not stop and time.monotonic() < deadline:
            time.sleep(0.1)
    _write(out, peaks, samples, interval)


if __name__ == "__main__":
    main()
