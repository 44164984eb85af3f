"""This process's resident memory, in MB, on Linux, macOS and Windows: the benchmarks' one measure.

Linux and macOS: getrusage's ru_maxrss (the peak; the `resource` module exists only there). Windows: the process's
working set from GetProcessMemoryInfo (PeakWorkingSetSize, WorkingSetSize), through ctypes, nothing to install.
`MEASURE` names the one in use, for the benchmark's output.
"""

from __future__ import annotations

import sys
from typing import Any

MEASURE = "PeakWorkingSetSize (GetProcessMemoryInfo)" if sys.platform == "win32" else "ru_maxrss (getrusage)"


def peak_mb() -> float:
    """The most resident memory this process has held so far, in MB."""
    if sys.platform == "win32":
        return _windows_counters().PeakWorkingSetSize / 2**20
    import resource  # POSIX only

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)


def current_mb() -> float | None:
    """The resident memory this process holds now, in MB, where the system says it cheaply (Windows); else None."""
    return _windows_counters().WorkingSetSize / 2**20 if sys.platform == "win32" else None


def _windows_counters() -> Any:
    import ctypes  # imported only here: on Linux the measured processes hold exactly what they held before

    class Counters(ctypes.Structure):  # PROCESS_MEMORY_COUNTERS
        _fields_ = [
            ("cb", ctypes.c_uint32),
            ("PageFaultCount", ctypes.c_uint32),
            ("PeakWorkingSetSize", ctypes.c_size_t),
            ("WorkingSetSize", ctypes.c_size_t),
            ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
            ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
            ("PagefileUsage", ctypes.c_size_t),
            ("PeakPagefileUsage", ctypes.c_size_t),
        ]

    kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined]
    kernel32.GetCurrentProcess.restype = ctypes.c_void_p
    kernel32.K32GetProcessMemoryInfo.argtypes = [ctypes.c_void_p, ctypes.POINTER(Counters), ctypes.c_uint32]
    counters = Counters()
    counters.cb = ctypes.sizeof(counters)
    if not kernel32.K32GetProcessMemoryInfo(kernel32.GetCurrentProcess(), ctypes.byref(counters), counters.cb):
        raise OSError("GetProcessMemoryInfo failed")
    return counters
