#!/usr/bin/env bash
# What the tests need beside npm ci, from Debian's packages: Chromium for the
# verifier's and the counter's browser tests, Firefox (ESR) for the counter's
# test in a second engine, PHP's command line for the service's PHP
# client test (OpenSID is PHP), poppler's tools (pdfsig, pdfinfo,
# pdftotext, pdffonts) that read the archival and signed PDFs back as a
# reader would, and the PostgreSQL server the register tests
# use (installed when missing, started, and a 'suket' role, password 'suket',
# that may create databases, on loopback; each test makes its own database).
# Run as root (CI) or with sudo.
set -euo pipefail
# need COMMAND PACKAGE: installs PACKAGE when COMMAND is not there.
need() {
  command -v "$1" >/dev/null 2>&1 && return
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
need /usr/bin/chromium chromium
need /usr/bin/firefox-esr firefox-esr
need php php-cli
need pdfsig poppler-utils
need curl curl
need pg_ctlcluster postgresql
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
-- DROP DATABASE ... WITH (FORCE) must also end an autovacuum worker that is in the test database at that moment.
GRANT pg_signal_backend TO suket;
SQL
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1); $(/usr/bin/firefox-esr --version 2>/dev/null | head -n 1); $(php --version | head -n 1 | cut -d' ' -f1-2); postgresql ${version}: running on 127.0.0.1:5432, role suket"
