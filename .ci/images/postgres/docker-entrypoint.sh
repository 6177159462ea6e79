#!/usr/bin/env bash
# Entrypoint of the shoreline-ci/postgres stand-in. Follows the official postgres image's contract:
#   env   POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_USER (default postgres),
#         POSTGRES_DB (default $POSTGRES_USER), POSTGRES_INITDB_ARGS, POSTGRES_INITDB_WALDIR,
#         POSTGRES_HOST_AUTH_METHOD (default scram-sha-256), PGDATA; *_FILE variants of the first four.
#   files /docker-entrypoint-initdb.d/*.sh (executable: run, else sourced), *.sql, *.sql.gz, *.sql.xz
#         run once, on first start with an empty data directory, against a socket-only server.
#   args  `docker run img -c key=value ...` -> postgres -c key=value ...; any other command is exec'd as is.
# Stand-in extras: wal_level=logical, max_replication_slots=10, max_wal_senders=10 in postgresql.conf
# and `host replication all all <method>` in pg_hba.conf (for Debezium / pgoutput).
set -Eeuo pipefail

# VAR_FILE support, as in the official image.
file_env() {
  local var=$1 fvar="${1}_FILE" def=${2:-}
  if [ -n "${!var:-}" ] && [ -n "${!fvar:-}" ]; then echo "error: both $var and $fvar are set" >&2; exit 1; fi
  local val=$def
  if [ -n "${!var:-}" ]; then val=${!var}; elif [ -n "${!fvar:-}" ]; then val=$(<"${!fvar}"); fi
  export "$var"="$val"; unset "$fvar"
}

# Options first ("-c foo=bar", "--port=5433"): the command is postgres.
if [ $# -eq 0 ]; then set -- postgres; fi
if [ "${1:0:1}" = - ]; then set -- postgres "$@"; fi

if [ "$1" != postgres ]; then exec "$@"; fi
for a in "$@"; do case "$a" in -V|--version|--help|-'?'|--describe-config) exec "$@";; esac; done

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres /var/run/postgresql
  find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
  chmod 700 "$PGDATA" || true
  chmod 3777 /var/run/postgresql
  if [ -n "${POSTGRES_INITDB_WALDIR:-}" ]; then mkdir -p "$POSTGRES_INITDB_WALDIR"; chown postgres:postgres "$POSTGRES_INITDB_WALDIR"; fi
  # Everything below (initdb, init scripts, the server) runs as the postgres user, as upstream.
  exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

if [ -s "$PGDATA/PG_VERSION" ]; then
  echo
  echo "PostgreSQL Database directory appears to contain a database; Skipping initialization"
  echo
else
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS
  auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != trust ]; then
    cat >&2 <<'MSG'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.
MSG
    exit 1
  fi
  [ "$auth" = trust ] && echo "WARNING: POSTGRES_HOST_AUTH_METHOD=trust: connections from anywhere need no password." >&2

  pwfile=$(mktemp); printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  waldir=(); [ -n "${POSTGRES_INITDB_WALDIR:-}" ] && waldir=(--waldir "$POSTGRES_INITDB_WALDIR")
  # shellcheck disable=SC2086  # POSTGRES_INITDB_ARGS is word-split on purpose, as upstream does
  initdb -D "$PGDATA" --username="$POSTGRES_USER" --pwfile="$pwfile" "${waldir[@]}" $POSTGRES_INITDB_ARGS
  rm -f "$pwfile"

  # Remote access (all databases + replication connections) and logical decoding by default.
  {
    echo
    echo "# shoreline-ci stand-in"
    echo "host all all all $auth"
    echo "host replication all all $auth"
  } >> "$PGDATA/pg_hba.conf"
  {
    echo
    echo "# shoreline-ci stand-in defaults (override with: docker run ... -c key=value)"
    echo "listen_addresses = '*'"
    echo "wal_level = logical"
    echo "max_replication_slots = 10"
    echo "max_wal_senders = 10"
  } >> "$PGDATA/postgresql.conf"

  # Temporary server for database creation and init scripts: unix socket only (so TCP clients and the
  # healthcheck keep waiting), with the user's -c options. Its log goes to the container log, as upstream.
  export PGPASSWORD=${POSTGRES_PASSWORD:-}
  tmpargs=("${@:2}" -c "listen_addresses=" -p 5432)
  pg_ctl -D "$PGDATA" -w -o "$(printf '%q ' "${tmpargs[@]}")" start
  psql_init=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc)
  exists=$("${psql_init[@]}" --dbname postgres -Atq --set db="$POSTGRES_DB" <<<"SELECT 1 FROM pg_database WHERE datname = :'db';")
  if [ -z "$exists" ]; then
    "${psql_init[@]}" --dbname postgres -q --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    echo "CREATE DATABASE"
  fi
  echo
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh)     if [ -x "$f" ]; then echo "$0: running $f"; "$f"; else echo "$0: sourcing $f"; . "$f"; fi ;;
      *.sql)    echo "$0: running $f"; "${psql_init[@]}" --dbname "$POSTGRES_DB" -f "$f"; echo ;;
      *.sql.gz) echo "$0: running $f"; gunzip -c "$f" | "${psql_init[@]}" --dbname "$POSTGRES_DB"; echo ;;
      *.sql.xz) echo "$0: running $f"; xzcat "$f" | "${psql_init[@]}" --dbname "$POSTGRES_DB"; echo ;;
      */\*)     ;;
      *)        echo "$0: ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  unset PGPASSWORD
  echo
  echo "PostgreSQL init process complete; ready for start up."
  echo
fi

exec "$@"
