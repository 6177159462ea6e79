#!/usr/bin/env bash
# Entrypoint of the shoreline-ci/mongo stand-in (FerretDB 1.x on SQLite, data in /data/db).
# Contract, modelled on the official mongo image:
#   port 27017, data in /data/db (VOLUME), runs as user mongodb (999) after fixing /data/db ownership.
#   MONGO_INITDB_ROOT_USERNAME + MONGO_INITDB_ROOT_PASSWORD (or *_FILE): on first start, creates that user in
#     the admin database and turns authentication on (FerretDB's SCRAM auth, --test-enable-new-auth).
#     Without them the server runs without authentication, like the official image.
#   Command: `mongod [mongod options]` or just options; common mongod options are translated to FerretDB:
#     --port N, --replSet NAME, --dbpath DIR, --bind_ip/--bind_ip_all (always all interfaces here);
#     --auth, --quiet, --oplogSize, --wiredTigerCacheSizeGB, --keyFile, --setParameter ... are ignored.
#     FerretDB's own flags (--log-level=debug, ...) pass through. `ferretdb ...` runs FerretDB as is;
#     any other command (bash, ...) is exec'd.
#   Not supported: MONGO_INITDB_DATABASE and /docker-entrypoint-initdb.d scripts (no mongosh in the image).
# Readiness: FerretDB logs "Listening on TCP :27017..."; once the port accepts connections this script also
# prints mongod's JSON "Waiting for connections" line, for log-based readiness checks written for mongod.
set -Eeuo pipefail

file_env() {
  local var=$1 fvar="${1}_FILE"
  if [ -n "${!var:-}" ] && [ -n "${!fvar:-}" ]; then echo "error: both $var and $fvar are set" >&2; exit 1; fi
  if [ -z "${!var:-}" ] && [ -n "${!fvar:-}" ]; then export "$var"="$(<"${!fvar}")"; fi
  unset "$fvar"
}

if [ $# -eq 0 ] || [ "${1:0:1}" = - ]; then set -- mongod "$@"; fi
case "$1" in
  mongod|ferretdb) ;;
  *) exec "$@" ;;
esac

if [ "$(id -u)" = 0 ]; then
  mkdir -p /data/db
  find /data/db \! -user mongodb -exec chown mongodb:mongodb '{}' +
  exec setpriv --reuid=mongodb --regid=mongodb --init-groups "${BASH_SOURCE[0]}" "$@"
fi

args=()
if [ "$1" = ferretdb ]; then
  args=("${@:2}")
else
  shift
  # take: the option's value is the next word unless it came as --opt=value
  take() { if [ "$has_val" = 0 ]; then val=${2:-}; shift_n=2; fi; }
  while [ $# -gt 0 ]; do
    opt=$1; val=; has_val=0; shift_n=1
    case "$opt" in --*=*) val=${opt#*=}; opt=${opt%%=*}; has_val=1 ;; esac
    case "$opt" in
      --port)    take "$@"; args+=("--listen-addr=:$val") ;;
      --replSet) take "$@"; args+=("--repl-set-name=${val%%/*}") ;;
      --dbpath)  take "$@"; args+=("--sqlite-url=file:${val%/}/" "--state-dir=$val") ;;
      --bind_ip|--oplogSize|--wiredTigerCacheSizeGB|--keyFile|--setParameter|--logpath|--storageEngine|--config|-f)
                 take "$@"; echo "note: mongod option $opt ignored by the FerretDB stand-in" >&2 ;;
      --bind_ip_all|--auth|--noauth|--quiet|--journal|--nojournal|--logappend|--fork|--ipv6|--verbose|-v|-vv|-vvv)
                 echo "note: mongod option $opt ignored by the FerretDB stand-in" >&2 ;;
      --version) exec ferretdb --version ;;
      *)         args+=("$1") ;;
    esac
    shift "$shift_n"
  done
fi

file_env MONGO_INITDB_ROOT_USERNAME
file_env MONGO_INITDB_ROOT_PASSWORD
if [ -n "${MONGO_INITDB_ROOT_USERNAME:-}" ] || [ -n "${MONGO_INITDB_ROOT_PASSWORD:-}" ]; then
  if [ -z "${MONGO_INITDB_ROOT_USERNAME:-}" ] || [ -z "${MONGO_INITDB_ROOT_PASSWORD:-}" ]; then
    echo "error: MONGO_INITDB_ROOT_USERNAME and MONGO_INITDB_ROOT_PASSWORD must be set together" >&2; exit 1
  fi
  # The user is created only when the admin database does not exist yet (first start); auth stays on.
  export FERRETDB_TEST_ENABLE_NEW_AUTH=true FERRETDB_SETUP_DATABASE=admin \
         FERRETDB_SETUP_USERNAME="$MONGO_INITDB_ROOT_USERNAME" FERRETDB_SETUP_PASSWORD="$MONGO_INITDB_ROOT_PASSWORD"
fi
unset MONGO_INITDB_ROOT_USERNAME MONGO_INITDB_ROOT_PASSWORD
if [ -n "${MONGO_INITDB_DATABASE:-}" ] || compgen -G '/docker-entrypoint-initdb.d/*' >/dev/null; then
  echo "warning: MONGO_INITDB_DATABASE and /docker-entrypoint-initdb.d are not supported by the FerretDB stand-in" >&2
fi

# Port to watch for the readiness line: last --listen-addr wins, else the env default.
addr=${FERRETDB_LISTEN_ADDR:-127.0.0.1:27017}
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --listen-addr=*) addr=${args[i]#*=} ;;
    --listen-addr) addr=${args[i+1]:-$addr} ;;
  esac
done
port=${addr##*:}

ferretdb "${args[@]}" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' TERM INT
(
  for _ in $(seq 1200); do
    kill -0 "$child" 2>/dev/null || exit 0
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '{"t":{"$date":"%s"},"s":"I","c":"NETWORK","id":23016,"ctx":"listener","msg":"Waiting for connections","attr":{"port":%s,"ssl":"off"}}\n' \
        "$(date -u +%Y-%m-%dT%H:%M:%S.%3N+00:00)" "$port"
      exit 0
    fi
    sleep 0.05
  done
) &
watcher=$!
while :; do  # wait returns early when the trap fires; keep waiting until FerretDB has exited
  rc=0; wait "$child" || rc=$?
  kill -0 "$child" 2>/dev/null || break
done
kill "$watcher" 2>/dev/null || true
exit "$rc"
