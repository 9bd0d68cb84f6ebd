#!/usr/bin/env bash
# CI: the restore drill, on the machine's PostgreSQL server, without Docker. An API fills a fresh
# database with the demo data; scripts/backup.sh (the compose backup service's script) dumps it
# with its retention pass; the dump is restored into another fresh database with the command of
# docs/operations.md; an API starts on the restored copy and must be ready (/readyz); every table's
# row count and the placement figures must equal the source's. Both databases are dropped.
# Env: PGHOST (default /var/run/postgresql), PGUSER (default root): a server and a role that may
# create databases.
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
. "$repo_root/scripts/lib.sh"

export PGHOST=${PGHOST:-/var/run/postgresql} PGUSER=${PGUSER:-root}
suffix=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
source_db="trajectoires_drill_${suffix}_source"
restored_db="trajectoires_drill_${suffix}_restored"
work=$(mktemp -d /tmp/trajectoires-drill.XXXXXX)
url() { echo "postgresql://$PGUSER@/$1?host=$PGHOST"; }

cleanup() {
  stop_api
  dropdb --if-exists --force --maintenance-db=postgres "$source_db" 2>/dev/null || true
  dropdb --if-exists --force --maintenance-db=postgres "$restored_db" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Every table of the database (migrations' bookkeeping included) with its exact row count.
row_counts() {
  psql -X -At -q -d "$1" <<'SQL'
select format('select %L, count(*) from %I.%I', schemaname || '.' || tablename, schemaname, tablename)
from pg_tables where schemaname not in ('pg_catalog', 'information_schema') order by 1
\gexec
SQL
}

placement() { curl -sf "$1/api/v1/stats/placement?groupBy=campus,exitYear" | jq -S 'del(.asOf, .total.asOf, .release.builtAt)'; }

echo "--- source: $source_db, filled by the API with the demo data"
createdb --maintenance-db=postgres "$source_db"
start_api "$work/source.log" DATABASE_URL="$(url "$source_db")" SEED_ON_EMPTY=true
placement "$API_URL" >"$work/source-placement.json"
stop_api
row_counts "$source_db" >"$work/source-counts.txt"
echo "$(wc -l <"$work/source-counts.txt") tables, $(awk -F'|' '{ s += $2 } END { print s }' "$work/source-counts.txt") rows"

echo "--- backup: scripts/backup.sh, as the compose service runs it"
mkdir "$work/backups"
# An old dump, for the retention pass to delete (15 days > BACKUP_KEEP_DAYS=14).
touch -d '15 days ago' "$work/backups/trajectoires-20000101T000000Z.dump"
PGDATABASE="$source_db" BACKUP_DIR="$work/backups" BACKUP_KEEP_DAYS=14 sh "$repo_root/scripts/backup.sh"
if [ -e "$work/backups/trajectoires-20000101T000000Z.dump" ]; then
  echo "the retention pass kept a dump older than BACKUP_KEEP_DAYS" >&2
  exit 1
fi
dump=$(ls "$work"/backups/trajectoires-*.dump)
[ "$(echo "$dump" | wc -l)" = 1 ] || { echo "expected one dump, got: $dump" >&2; exit 1; }

echo "--- restore into $restored_db (docs/operations.md: pg_restore --no-owner --single-transaction)"
createdb --maintenance-db=postgres "$restored_db"
pg_restore --no-owner --single-transaction -d "$restored_db" "$dump"
row_counts "$restored_db" >"$work/restored-counts.txt"
if ! diff -u "$work/source-counts.txt" "$work/restored-counts.txt"; then
  echo "row counts differ between the source and the restored database" >&2
  exit 1
fi
echo "row counts equal, table by table"

echo "--- the API on the restored database"
start_api "$work/restored.log" DATABASE_URL="$(url "$restored_db")" SEED_ON_EMPTY=false
curl -sf "$API_URL/readyz" | jq -c .
placement "$API_URL" >"$work/restored-placement.json"
if ! diff -u "$work/source-placement.json" "$work/restored-placement.json" >/dev/null; then
  diff -u "$work/source-placement.json" "$work/restored-placement.json" | head -n 40
  echo "the placement figures differ on the restored database" >&2
  exit 1
fi
echo "placement figures equal (by campus and exit year)"
echo "restore drill: ok"
