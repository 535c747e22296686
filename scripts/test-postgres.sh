#!/usr/bin/env bash
# The PostgreSQL server the register tests use: installed when missing, started,
# and a 'suket' role (password 'suket', may create databases) on loopback.
# Each test makes its own database and drops it. Run as root (CI) or with sudo.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^${version} main$"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 && break
  sleep 0.5
done
su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'suket') THEN
    CREATE ROLE suket LOGIN CREATEDB PASSWORD 'suket';
  END IF;
END $$;
SQL
echo "postgresql ${version}: running on 127.0.0.1:5432, role suket"
