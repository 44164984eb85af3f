#!/usr/bin/env bash
# Several Streamlit processes of the ITA Dashboard behind nginx (sticky sessions), one PostgreSQL store.
#
#   bash deploy/start.sh [--processes N] [--first-port P] [--listen L] [--database URL] [--run-dir DIR]
#
# or the same from the environment: KPI_PROCESSES (2), KPI_FIRST_PORT (8601), KPI_LISTEN (8080; nginx's
# `listen` value, e.g. 127.0.0.1:8080 or 443 ssl), KPI_DATABASE_URL (postgresql+psycopg://…), KPI_RUN_DIR
# (a new temporary folder). The app processes listen on 127.0.0.1:P … P+N-1 and only nginx faces the
# network. The store must already have at least one account (python -m kpi user add NAME --role admin):
# behind nginx every visitor arrives from 127.0.0.1, so without accounts the app would treat anyone as the
# laptop's own user. Runs in the foreground; Ctrl+C (or SIGTERM) stops nginx and every app process.
set -euo pipefail
cd "$(dirname "$0")/.."

processes="${KPI_PROCESSES:-2}"
first_port="${KPI_FIRST_PORT:-8601}"
listen="${KPI_LISTEN:-8080}"
database="${KPI_DATABASE_URL:-}"
run_dir="${KPI_RUN_DIR:-}"
python="${KPI_PYTHON:-python3}"

fail() {
  echo "deploy/start.sh: $*" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --processes) processes="${2:-}"; shift 2 ;;
    --first-port) first_port="${2:-}"; shift 2 ;;
    --listen) listen="${2:-}"; shift 2 ;;
    --database) database="${2:-}"; shift 2 ;;
    --run-dir) run_dir="${2:-}"; shift 2 ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) fail "ไม่รู้จักตัวเลือก $1 (ดู --help)" ;;
  esac
done

[[ "$processes" =~ ^[1-9][0-9]?$ ]] || fail "จำนวนโปรเซสต้องเป็นจำนวนเต็ม 1–99 (ได้ '$processes')"
[[ "$first_port" =~ ^[0-9]{4,5}$ ]] && [ "$first_port" -ge 1024 ] && [ $((first_port + processes - 1)) -le 65535 ] \
  || fail "พอร์ตแรกต้องอยู่ระหว่าง 1024–65535 (ได้ '$first_port')"
[[ "$listen" =~ ^[][0-9A-Za-z.:\ ]+$ ]] || fail "ค่า --listen ไม่ถูกต้อง ('$listen')"
[[ "$database" == postgresql* ]] \
  || fail "ต้องระบุที่เก็บข้อมูล PostgreSQL ที่ทุกโปรเซสใช้ร่วมกัน (--database หรือ KPI_DATABASE_URL เช่น postgresql+psycopg://kpi:รหัสผ่าน@localhost/kpi)"
command -v nginx >/dev/null || fail "ไม่พบ nginx (ติดตั้งด้วย apt-get install nginx)"
export KPI_DATABASE_URL="$database"

# Sign-in: the app asks for it only once an account exists (kpi/access/exposure.py); refuse to start before.
if ! "$python" -c 'import sys
from kpi.core.settings import database_url
from kpi.store.accounts import has_accounts
from kpi.store.database import Store
sys.exit(0 if has_accounts(Store(database_url())) else 1)'; then
  fail "ที่เก็บข้อมูลนี้ยังไม่มีบัญชีผู้ใช้: หลัง nginx ทุกคนจะเข้าได้ในฐานะผู้ดูแลระบบ เพิ่มบัญชีก่อนด้วย python -m kpi user add ชื่อ --role admin"
fi

if [ -z "$run_dir" ]; then
  run_dir="$(mktemp -d -t kpi-deploy.XXXXXX)"
fi
mkdir -p "$run_dir"
chmod 755 "$run_dir"  # nginx's workers (user nobody when started as root) use its temporary folders
run_dir="$(cd "$run_dir" && pwd)"

# One XSRF/cookie secret for every process: a file uploaded to one process was signed by the page another served.
if [ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]; then
  STREAMLIT_SERVER_COOKIE_SECRET="$("$python" -c 'import secrets; print(secrets.token_urlsafe(32))')"
fi
export STREAMLIT_SERVER_COOKIE_SECRET

children=()
stop_all() {
  trap - EXIT INT TERM
  for pid in "${children[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

servers=""
for ((i = 0; i < processes; i++)); do
  port=$((first_port + i))
  "$python" -m streamlit run app.py --server.port "$port" --server.address 127.0.0.1 --server.headless true \
    >"$run_dir/app-$port.log" 2>&1 &
  children+=("$!")
  servers+="        server 127.0.0.1:$port;"$'\n'
done

# Wait until every process answers its health check (a process that dies or hangs stops the start).
"$python" - "$first_port" "$processes" <<'PY' || fail "โปรเซสของแอปไม่พร้อมภายใน 120 วินาที (ดูบันทึก app-*.log ใน $run_dir)"
import sys, time, urllib.request
first, count = int(sys.argv[1]), int(sys.argv[2])
waiting = {first + i for i in range(count)}
deadline = time.monotonic() + 120
while waiting and time.monotonic() < deadline:
    for port in sorted(waiting):
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok":
                waiting.discard(port)
        except OSError:
            pass
    time.sleep(0.5)
sys.exit(1 if waiting else 0)
PY

config="$run_dir/nginx.conf"
while IFS= read -r line; do
  if [ "$line" = "@SERVERS@" ]; then
    printf '%s' "$servers"
  else
    line="${line//@RUN_DIR@/$run_dir}"
    printf '%s\n' "${line//@LISTEN@/$listen}"
  fi
done <deploy/nginx.conf >"$config"
nginx -t -q -e "$run_dir/error.log" -p "$run_dir" -c "$config" || fail "การตั้งค่า nginx ไม่ผ่าน (ดู $run_dir/error.log)"
nginx -e "$run_dir/error.log" -p "$run_dir" -c "$config" &
children+=("$!")
echo "ITA Dashboard: $processes โปรเซส (127.0.0.1:$first_port–$((first_port + processes - 1))) หลัง nginx ที่ $listen · บันทึกอยู่ใน $run_dir"

# Runs until any child stops (or a signal): then everything stops together.
set +e
wait -n
status=$?
echo "deploy/start.sh: โปรเซสหนึ่งหยุดทำงาน (รหัส $status) จึงหยุดทั้งหมด" >&2
exit 1
