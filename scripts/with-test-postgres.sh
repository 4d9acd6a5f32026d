#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server, with LOANDESK_TEST_PG naming it.
# Installs Debian's postgresql when it is missing, keeps the cluster in a temp dir, listens
# only on 127.0.0.1, and stops and removes everything when the command ends.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "Installing PostgreSQL (Debian package postgresql) for the tests"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        postgresql >/dev/null
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PORT=${LOANDESK_PG_PORT:-54329}
DIR=$(mktemp -d /tmp/loandesk-pg.XXXXXX)
as_owner() {
    # initdb refuses to run as root: the cluster belongs to the postgres system user then.
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$DIR"
stop() {
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap stop EXIT
# A password on TCP, as on a dealership's server (the tests of a wrong password need a server
# that checks it); the socket stays trusted for pg_ctl and the owner's own tools.
PASSWORD=loandesk-test
echo "$PASSWORD" > "$DIR/pwfile"; [ "$(id -u)" -eq 0 ] && chown postgres "$DIR/pwfile"
as_owner "$BIN/initdb" -D "$DIR/data" --auth-local=trust --auth-host=scram-sha-256 \
    --pwfile="$DIR/pwfile" -U postgres -E UTF8 --no-locale >/dev/null
# In the configuration file rather than on the command line, so that a test that stops and
# starts the server (tests/pg) gets the same port and socket back.
as_owner tee -a "$DIR/data/postgresql.conf" >/dev/null <<CONF
port = $PORT
unix_socket_directories = '$DIR'
listen_addresses = '127.0.0.1'
fsync = off
max_connections = 200
CONF
as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w start >/dev/null
export LOANDESK_TEST_PG="postgresql+psycopg://postgres:$PASSWORD@127.0.0.1:$PORT/postgres"
export LOANDESK_TEST_PG_CTL="$BIN/pg_ctl -D $DIR/data"
export LOANDESK_TEST_PG_LOG="$DIR/server.log"
export LOANDESK_TEST_PG_OWNER_RUN="$([ "$(id -u)" -eq 0 ] && echo 'runuser -u postgres --')"
"$@"
