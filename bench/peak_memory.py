"""Run a script and print its own peak memory: ``python peak_memory.py SCRIPT ARGS...``.

``ru_maxrss`` of a child process includes the resident pages of the parent it was forked
from (Linux records the old address space's high-water mark at exec), so a test process
holding Anki would inflate it. ``VmHWM`` belongs to the new address space alone.
"""

import os
import runpy
import sys

if __name__ == "__main__":
    sys.argv = sys.argv[1:]
    sys.path[0] = os.path.dirname(os.path.abspath(sys.argv[0]))  # as `python SCRIPT` would
    code: object = 0
    try:
        runpy.run_path(sys.argv[0], run_name="__main__")
    except SystemExit as exit_:
        code = exit_.code
    finally:
        with open("/proc/self/status", encoding="ascii") as status:
            peak_kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
        print(f"peak-memory-kb {peak_kb}", file=sys.stderr)
    sys.exit(code)
