"""Runs one command and writes its wall and CPU time (ms) as JSON to fd 3, for bench/harness.mjs.

  python3 time-one.py CMD ARGS...

Timed here, around fork/exec/wait4, so this wrapper's own start-up is not
counted; CPU time is the child's user + system time (rusage), which machine
load changes far less than wall time. stdio is the child's; the exit status is
passed back.
"""
import json
import os
import sys
import time

start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = (time.perf_counter() - start) * 1000
os.write(3, json.dumps({"wallMs": wall, "cpuMs": (usage.ru_utime + usage.ru_stime) * 1000}).encode())
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
