#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh machine, then runs all of it:
# unit, database (on PGlite and on a real PostgreSQL server), security, workflows, API, browser and chaos suites.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*" >&2; }

# System packages: a PostgreSQL server, Chromium with a Chinese font for the browser tests' screenshots,
# LibreOffice with poppler's tools to print the 通报 to PDF and read its pages back, and the deployment tools below,
# from Debian's packages.
need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -d /usr/share/fonts/truetype/wqy ] || need+=(fonts-wqy-microhei)
command -v libreoffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# Deployment: nginx in front of the scale-out test's web processes, systemd-analyze to check the units, ip for the
# offline install's network namespace, sqlite3 to back up Temporal's SQLite file on Node < 22.16.
command -v nginx >/dev/null 2>&1 || need+=(nginx-light)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

log "installing node modules"
# `npm install`, not `npm ci`: the registry here lacks some other platforms' optional builds (e.g. @swc/core-darwin-*),
# which the lock file cannot list, and `npm ci` refuses a lock without them.
npm install --no-audit --no-fund

log "making sure the Temporal CLI is built (cached in .tools/)"
npx tsx scripts/ensure-temporal.ts

log "making sure s3proxy, the S3 server of the file store's tests, is resolved (cached in .tools/)"
npx tsx scripts/ensure-s3proxy.ts

log "making sure the Temporal server (for the cluster tests) is built (cached in .tools/)"
npx tsx scripts/ensure-temporal-server.ts

# The current LTS beside the machine's Node: the PostgreSQL pass and a second unit pass run on it.
log "making sure Node 24 is installed (cached in .tools/)"
NODE24_BIN=$(npx tsx scripts/ensure-node.ts 24)

# A throw-away PostgreSQL cluster, so the database suites also run against a real server.
PGPORT=${DUBAN_TEST_PGPORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
PGDIR=$(mktemp -d /tmp/duban-pg.XXXXXX)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
chown postgres "$PGDIR" 2>/dev/null || true
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PGDIR"; }
trap cleanup EXIT
log "starting PostgreSQL on port $PGPORT"
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U duban --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c max_connections=200" -l "$PGDIR/log" -w start >/dev/null
export TEST_POSTGRES_URL="postgresql://duban@127.0.0.1:$PGPORT/postgres"

log "all suites on the embedded PGlite"
npm test

log "unit suite again, on Node 24"
PATH="$NODE24_BIN:$PATH" npm run test:unit

log "database, security and workflow suites again, on PostgreSQL and Node 24"
PATH="$NODE24_BIN:$PATH" DUBAN_TEST_DB=postgres npm run test:db
PATH="$NODE24_BIN:$PATH" DUBAN_TEST_DB=postgres npm run test:security
PATH="$NODE24_BIN:$PATH" DUBAN_TEST_DB=postgres npm run test:workflows

log "chaos suite"
npm run test:chaos
