#!/usr/bin/env bash
# Update the ITA Dashboard to a newer bundle (.zip) without touching data/store/ or settings.env: the
# same as update.bat on Windows. scripts/launch.py backs the store up first, then replaces the program.
#
#   ./update.sh ita-dashboard-NEW.zip
set -u
cd "$(dirname "$0")"
supported='import sys; sys.exit(0 if "%d.%d" % sys.version_info[:2] in ("3.11", "3.12", "3.13") else 1)'
for candidate in ${KPI_PYTHON:-} python3 python python3.13 python3.12 python3.11; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "$supported" 2>/dev/null; then
    exec "$candidate" scripts/launch.py update "$@"
  fi
done
echo "ไม่พบ Python รุ่น 3.11, 3.12 หรือ 3.13 บนเครื่องนี้: ติดตั้งจาก https://www.python.org/downloads/ แล้วเรียก ./update.sh อีกครั้ง" >&2
exit 1
