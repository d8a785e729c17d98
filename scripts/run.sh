#!/usr/bin/env bash
# Installs what is missing, builds, and starts the product on its embedded defaults:
# tk-server on 127.0.0.1:8080 with a SQLite file in ./var, plus the tray client once
# it is built. On first start it creates an employee's token and two agents' (first level
# and on site) and says where they are.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh"
bin="${BUILD_DIR:-"$root/build"}/bin"
state="$root/var"
mkdir -p "$state"
db="$state/tk.db"
if [ ! -f "$state/tokens.txt" ]; then
  employee=$("$bin/tk-server" token create --db "$db" --role employee --employee 1002 --name "Empleado de prueba")
  agent=$("$bin/tk-server" token create --db "$db" --role agent --name "Mesa de servicios" --login mesa --group mesa)
  onsite=$("$bin/tk-server" token create --db "$db" --role agent --name "Soporte en sitio" --login sitio1 --group sitio)
  printf 'employee=%s\nagent=%s\nonsite=%s\n' "$employee" "$agent" "$onsite" > "$state/tokens.txt"
  chmod 600 "$state/tokens.txt"
fi
echo "Tokens for this local server are in $state/tokens.txt"
if [ -x "$bin/tk-tray" ] && [ -n "${DISPLAY:-}" ]; then
  TK_TOKEN=$(sed -n 's/^employee=//p' "$state/tokens.txt") \
    "$bin/tk-tray" --server http://127.0.0.1:8080 &
fi
exec "$bin/tk-server" serve --listen 127.0.0.1:8080 --db "$db"
