#!/usr/bin/env bash
# ITA Dashboard on Linux or macOS: the same steps as start.bat on Windows. This file only finds a
# supported Python; scripts/launch.py does the rest (first run: make .venv and install the pinned
# requirements, from wheels/ when the offline bundle is here; every run: start the app on
# 127.0.0.1 and open the browser).
#
#   ./start.sh [--no-browser] [--port P]        (KPI_PYTHON=/path/to/python picks the Python)
set -u
cd "$(dirname "$0")"
supported='import sys; sys.exit(0 if "%d.%d" % sys.version_info[:2] in ("3.11", "3.12", "3.13") else 1)'
for candidate in ${KPI_PYTHON:-} python3 python python3.13 python3.12 python3.11; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "$supported" 2>/dev/null; then
    exec "$candidate" scripts/launch.py start "$@"
  fi
done
echo "ไม่พบ Python รุ่น 3.11, 3.12 หรือ 3.13 บนเครื่องนี้: ติดตั้งจาก https://www.python.org/downloads/ หรือผ่านตัวจัดการแพ็กเกจของระบบ แล้วเรียก ./start.sh อีกครั้ง" >&2
exit 1
