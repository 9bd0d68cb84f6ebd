#!/bin/sh
# One backup of the database, then the retention pass. Run by the compose `backup` service every
# BACKUP_INTERVAL_HOURS, and by scripts/restore-drill.sh in CI; or from cron on a server:
#   15 2 * * *  PGHOST=… PGUSER=… PGDATABASE=… BACKUP_DIR=/var/backups/trajectoires sh …/scripts/backup.sh
# Connection: libpq's own variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).
# BACKUP_DIR (default /backups): where the dumps go. BACKUP_KEEP_DAYS (default 14): older ones are
# deleted, never the newest. POSIX sh (the postgres image's busybox).
set -eu
dir=${BACKUP_DIR:-/backups}
keep=${BACKUP_KEEP_DAYS:-14}
case "$keep" in '' | *[!0-9]*) echo "BACKUP_KEEP_DAYS must be a whole number of days (got $keep)" >&2; exit 2 ;; esac
mkdir -p "$dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$dir/trajectoires-$stamp.dump"
# Written aside, then renamed: a dump cut short never looks like a backup.
pg_dump --format=custom --file="$file.partial"
mv "$file.partial" "$file"
echo "backup: $file ($(wc -c <"$file") bytes)"
find "$dir" -maxdepth 1 -type f -name 'trajectoires-*.dump' -mmin +"$((keep * 1440))" ! -path "$file" -print -exec rm -f {} \;
