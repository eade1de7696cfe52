#!/usr/bin/env python3
"""Runs a command and reports its wall time, CPU time (user + system, children included) and
peak RSS, so bench/e2e.sh does not depend on GNU time being installed.

    e2e_measure.py REPORT -- COMMAND [ARG]...

The command's stdout and stderr pass through. REPORT gets one line:
`wall SECONDS cpu SECONDS rss_mb MB`. Exits with the command's status.
"""

import resource
import subprocess
import sys
import time


def main():
    report, sep, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
    if sep != "--" or not cmd:
        sys.exit(__doc__)
    start = time.perf_counter()
    status = subprocess.call(cmd)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(report, "w", encoding="utf-8") as f:
        # ru_maxrss is in kilobytes on Linux: the largest of the children, here the one command.
        f.write(f"wall {wall:.3f} cpu {usage.ru_utime + usage.ru_stime:.3f} "
                f"rss_mb {usage.ru_maxrss / 1024:.0f}\n")
    sys.exit(status)


if __name__ == "__main__":
    main()
