#!/usr/bin/env bash
# `make bench`: our forum against Isso, FlaskBB and the ceilings (a trivial WSGI app and
# nginx serving the same bytes), in one run, with the peers' kit methods (see
# bench/README.md). Sets up the kit and our venv, seeds fresh databases, starts every
# server, counts SQL per request, runs the kit's bench.py (interleaved wrk rounds),
# samples the workers' peak memory, checks the write servers' databases, writes
# bench/results/latest.md and latest.json, and stops everything it started (by PID).
#
#   bash bench/run.sh                               # ~25 min: 3 rounds x 10 s
#   ROUNDS=1 DURATION=3 WARMUP=1 bash bench/run.sh  # a quick look
#   ONLY=json-1000,write-sqlite NO_PEERS=1 bash bench/run.sh
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KIT=$(cd "${PEERS_KIT:-$ROOT/../shared/bench/peers}" && pwd)
export PEERS_KIT=$KIT                       # bench/seed.py imports the kit's textgen
P=${PEERS_DIR:-/tmp/peers}                  # the kit's servers, databases and venvs
W=${BENCH_DIR:-/tmp/summit-bench}           # our databases, logs, static bytes
OUT=${BENCH_RESULTS:-$ROOT/bench/results}    # latest.md, latest.json, raw/
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
CONNS=${CONNS:-16}
THREADS=${THREADS:-$(( CONNS < 2 ? 1 : 2 ))}
POST_CONNS=${POST_CONNS:-8}
GUNICORN_OPTS=${GUNICORN_OPTS:--w 2 -k sync --log-level warning}
RSS_INTERVAL=${RSS_INTERVAL:-2}
# Isso runs with moderation off, so by default ours publishes guests' comments too.
WRITE_HOLD_FIRST_GUEST=${WRITE_HOLD_FIRST_GUEST:-false}
PG_URL=${BENCH_PG_URL:-postgresql://postgres@127.0.0.1:5432/forum_bench}
NO_PEERS=${NO_PEERS:-0}
NO_POSTGRES=${NO_POSTGRES:-0}
ISSO_PORT=8101 FBB_PORT=8102 FBB_ALL_PORT=8103 WSGI_PORT=8104 NGINX_PORT=8105 ISSO_W_PORT=8106
OURS_PORT=8200 CACHED_PORT=8201 SQLITE_W_PORT=8202 PG_W_PORT=8203
PY=$ROOT/.venv/bin/python
T=$'\t'
STARTED=$(date '+%Y-%m-%d %H:%M:%S %Z')

log() { printf '\n== %s\n' "$*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }
port_busy() { (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }

PIDS=()
SAMPLER_PID=
cleanup() {
  local pid
  if [ -n "$SAMPLER_PID" ]; then   # the sampler stops before the servers it watches
    kill -TERM "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
    SAMPLER_PID=
  fi
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

start() {  # start NAME PORT CMD...   (CMD must exec the server in the foreground)
  local name=$1 port=$2; shift 2
  if port_busy "$port"; then die "port $port busy (left-over server?)"; fi
  "$@" >"$W/logs/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 150); do port_busy "$port" && return 0; sleep 0.2; done
  tail -20 "$W/logs/$name.log" >&2
  die "$name did not open port $port; see $W/logs/$name.log"
}

json_get() {  # json_get FILE key.key...
  python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v=v[int(k)] if k.isdigit() else v[k]
print(v)' "$1" "$2"
}

# ---- preflight -----------------------------------------------------------------
busy=()
for port in $ISSO_PORT $FBB_PORT $FBB_ALL_PORT $WSGI_PORT $NGINX_PORT $ISSO_W_PORT \
            $OURS_PORT $CACHED_PORT $SQLITE_W_PORT $PG_W_PORT; do
  port_busy "$port" && busy+=("$port")
done
[ ${#busy[@]} -eq 0 ] || die "ports in use: ${busy[*]} (stop the left-over servers first)"
rm -rf "$W"/{logs,static,results,nginx} "$W"/*.sqlite* "$W"/*.json "$W"/*.tsv "$W"/*.txt
mkdir -p "$W"/{logs,static,results,nginx/tmp} "$OUT/raw"

log "peers' kit: setup.sh (idempotent; logs in $W/logs/setup.log)"
PEERS_DIR=$P bash "$KIT/setup.sh" >"$W/logs/setup.log" 2>&1 || { tail -20 "$W/logs/setup.log"; die "setup.sh failed"; }
tail -1 "$W/logs/setup.log" >&2
mkdir -p "$P"/{logs,static,results}

log "our venv: make .venv/.runtime"
make -C "$ROOT" --no-print-directory .venv/.runtime >&2

# ---- seed our databases (fresh every run) ------------------------------------
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
OURS_ENV=(FORUM_CONFIG=production "SECRET_KEY=$SECRET_KEY")
WRITE_ENV=("COMMENTS_RATE_LIMIT=100000 per minute" "COMMENTS_IP_RATE_LIMIT=1000000 per 10 minutes"
           "COMMENTS_HOLD_FIRST_GUEST=$WRITE_HOLD_FIRST_GUEST")
ours_py() {  # ours_py DATABASE_URL [VAR=value...] -- ARGS...: our venv python in the project root
  local url=$1; shift
  local vars=()
  while [ "$1" != -- ]; do vars+=("$1"); shift; done
  shift
  (cd "$ROOT" && env -u FORUM_PAGE_CACHE "${OURS_ENV[@]}" "DATABASE_URL=$url" "${vars[@]}" "$PY" "$@")
}
READ_DB=$W/read.sqlite WRITE_DB=$W/write.sqlite COUNT_DB=$W/count.sqlite
log "seed our SQLite databases"
ours_py "sqlite:///$READ_DB" -- -m bench.seed "$W/seed.json" 2>"$W/logs/seed-sqlite.log" >/dev/null \
  || { tail -20 "$W/logs/seed-sqlite.log"; die "seeding SQLite failed"; }
tail -1 "$W/logs/seed-sqlite.log" >&2
cp "$READ_DB" "$WRITE_DB"    # the seed folds its WAL into the file: a copy is complete
cp "$READ_DB" "$COUNT_DB"
if [ "$NO_POSTGRES" != 1 ]; then
  log "seed our PostgreSQL database ($PG_URL)"
  ours_py "$PG_URL" -- -m bench.seed "$W/seed-pg.json" 2>"$W/logs/seed-pg.log" >/dev/null \
    || { tail -20 "$W/logs/seed-pg.log"; die "seeding PostgreSQL failed (NO_POSTGRES=1 skips it)"; }
  tail -1 "$W/logs/seed-pg.log" >&2
fi
WS=$(json_get "$W/seed.json" ws)
BIG=$(json_get "$W/seed.json" big.id) SMALL=$(json_get "$W/seed.json" small.id)
WRITE_ID=$(json_get "$W/seed.json" write.id)
WRITE_LO=$(json_get "$W/seed.json" write.comment_ids.0) WRITE_HI=$(json_get "$W/seed.json" write.comment_ids.1)
PAGE_BIG=/workstreams/$WS/$(json_get "$W/seed.json" big.slug)/
PAGE_SMALL=/workstreams/$WS/$(json_get "$W/seed.json" small.slug)/
PAGE_WRITE=/workstreams/$WS/$(json_get "$W/seed.json" write.slug)/
if [ "$NO_POSTGRES" != 1 ]; then
  PG_WRITE_ID=$(json_get "$W/seed-pg.json" write.id)
  PG_LO=$(json_get "$W/seed-pg.json" write.comment_ids.0) PG_HI=$(json_get "$W/seed-pg.json" write.comment_ids.1)
fi

# ---- the peers' data (fresh copies, as the kit's run.sh does) -----------------
if [ "$NO_PEERS" != 1 ]; then
  FBB_BIG=$(json_get "$P/flaskbb/seed.json" big) FBB_SMALL=$(json_get "$P/flaskbb/seed.json" small)
  for f in comments write count; do cp "$P/isso/comments.seed.db" "$P/isso/$f.db"; done
  read -r ISSO_W_LO ISSO_W_HI ISSO_MARK < <(python3 - "$P/isso/write.db" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
lo, hi = c.execute("select min(c.id), max(c.id) from comments c join threads t on c.tid=t.id where t.uri='/t3'").fetchone()
print(lo, hi, c.execute("select max(id) from comments").fetchone()[0])
EOF
)
fi

# ---- SQL statements per request (in-process, before the servers start) -------
Q=$W/queries.tsv
: >"$Q"
if [ "$NO_PEERS" != 1 ]; then
  log "count SQL per request: peers"
  "$P/venv-isso/bin/python" "$KIT/count_queries_isso.py" "$P/isso/count.cfg" \
      "/?uri=/t1" "/?uri=/t2" "POST:/t3" 2>>"$W/logs/count-peers.log" \
    | awk -F'\t' -v OFS='\t' '$1=="/?uri=/t1"{print "json-1000","isso",$5}
        $1=="/?uri=/t2"{print "json-10","isso",$5}
        $1=="POST:/t3"{print "write-sqlite","isso",$5; print "write-postgres","isso",$5}' >>"$Q"
  env FLASKBB_BENCH_DB="$P/flaskbb/flaskbb.sqlite" "$P/venv-flaskbb/bin/python" -W ignore \
      "$KIT/count_queries_flaskbb.py" "$P/flaskbb/flaskbb.cfg" "$P/flaskbb/instance" \
      "/topic/$FBB_BIG" "/topic/$FBB_SMALL" 2>>"$W/logs/count-peers.log" \
    | awk -F'\t' -v OFS='\t' -v big="/topic/$FBB_BIG" \
        '$1==big{print "page-1000-p1","flaskbb-p1",$5; next}
         {print "page-1000-p1","flaskbb-t10",$5; print "page-10","flaskbb",$5}' >>"$Q"
  env FLASKBB_BENCH_DB="$P/flaskbb/flaskbb-all.sqlite" "$P/venv-flaskbb/bin/python" -W ignore \
      "$KIT/count_queries_flaskbb.py" "$P/flaskbb/flaskbb.cfg" "$P/flaskbb/instance" \
      "/topic/$FBB_BIG" 2>>"$W/logs/count-peers.log" \
    | awk -F'\t' -v OFS='\t' '{print "page-1000-all","flaskbb-all",$5}' >>"$Q"
fi
log "count SQL per request: ours (details in $W/logs/count-ours.log)"
OURS_GETS=(json-1000 "/api/v1/propositions/$BIG/comments" json-10 "/api/v1/propositions/$SMALL/comments"
           page-1000-p1 "$PAGE_BIG" page-1000-all "$PAGE_BIG?page=all" page-10 "$PAGE_SMALL")
gets_for() {  # gets_for NAME: GROUP NAME PATH triples of OURS_GETS
  local i
  for ((i = 0; i < ${#OURS_GETS[@]}; i += 2)); do printf '%s\n' "${OURS_GETS[i]}" "$1" "${OURS_GETS[i+1]}"; done
}
mapfile -t ARGS_UNCACHED < <(gets_for ours)
mapfile -t ARGS_CACHED < <(gets_for ours-cached)
ours_py "sqlite:///$COUNT_DB" FORUM_PAGE_CACHE=off -- -m bench.count_queries "${ARGS_UNCACHED[@]}" \
  >>"$Q" 2>>"$W/logs/count-ours.log" || { tail "$W/logs/count-ours.log"; die "counting ours failed"; }
ours_py "sqlite:///$COUNT_DB" -- -m bench.count_queries "${ARGS_CACHED[@]}" \
  >>"$Q" 2>>"$W/logs/count-ours.log" || { tail "$W/logs/count-ours.log"; die "counting ours failed"; }
ours_py "sqlite:///$COUNT_DB" "${WRITE_ENV[@]}" -- -m bench.count_queries \
  write-sqlite ours-sqlite "POST:$PAGE_WRITE" >>"$Q" 2>>"$W/logs/count-ours.log"
if [ "$NO_POSTGRES" != 1 ]; then   # adds two comments; the duplicate check starts after them
  ours_py "$PG_URL" "${WRITE_ENV[@]}" -- -m bench.count_queries \
    write-postgres ours-postgres "POST:$PAGE_WRITE" >>"$Q" 2>>"$W/logs/count-ours.log"
fi
grep -h 'HTTP' "$W/logs/count-ours.log" >&2 || true
SQLITE_MARK=$(ours_py "sqlite:///$WRITE_DB" -- -m bench.db_check maxid "sqlite:///$WRITE_DB")
[ "$NO_POSTGRES" = 1 ] || PG_MARK=$(ours_py "$PG_URL" -- -m bench.db_check maxid "$PG_URL")

# ---- servers -------------------------------------------------------------------
log "start servers"
if [ "$NO_PEERS" != 1 ]; then
  start isso $ISSO_PORT env ISSO_SETTINGS="$P/isso/isso.cfg" \
    "$P/venv-isso/bin/gunicorn" $GUNICORN_OPTS -b 127.0.0.1:$ISSO_PORT isso.run:application
  start isso-write $ISSO_W_PORT env ISSO_SETTINGS="$P/isso/write.cfg" \
    "$P/venv-isso/bin/gunicorn" $GUNICORN_OPTS -b 127.0.0.1:$ISSO_W_PORT isso.run:application
  start flaskbb $FBB_PORT env FLASKBB_BENCH_DB="$P/flaskbb/flaskbb.sqlite" \
    "$P/venv-flaskbb/bin/gunicorn" $GUNICORN_OPTS -b 127.0.0.1:$FBB_PORT \
    "flaskbb:create_app(\"$P/flaskbb/flaskbb.cfg\", \"$P/flaskbb/instance\")"
  start flaskbb-all $FBB_ALL_PORT env FLASKBB_BENCH_DB="$P/flaskbb/flaskbb-all.sqlite" \
    "$P/venv-flaskbb/bin/gunicorn" $GUNICORN_OPTS -b 127.0.0.1:$FBB_ALL_PORT \
    "flaskbb:create_app(\"$P/flaskbb/flaskbb.cfg\", \"$P/flaskbb/instance\")"
fi
start wsgi-ceiling $WSGI_PORT env CEILING_DIR="$W/static" \
  "$P/venv-ceiling/bin/gunicorn" $GUNICORN_OPTS -b 127.0.0.1:$WSGI_PORT --chdir "$KIT" ceiling_app:app
sed -e "s|@PORT@|$NGINX_PORT|" -e "s|@ROOT@|$W/static|" -e "s|@PREFIX@|$W/nginx|g" \
  "$KIT/nginx.conf.tmpl" >"$W/nginx/nginx.conf"
start nginx $NGINX_PORT nginx -p "$W/nginx" -c "$W/nginx/nginx.conf" -e "$W/nginx/error.log"
ours_server() {  # ours_server NAME PORT DATABASE_URL [VAR=value...]
  local name=$1 port=$2 url=$3; shift 3
  start "$name" "$port" env -u FORUM_PAGE_CACHE "${OURS_ENV[@]}" "DATABASE_URL=$url" "$@" \
    "$ROOT/.venv/bin/gunicorn" $GUNICORN_OPTS -b "127.0.0.1:$port" --chdir "$ROOT" wsgi:app
}
ours_server ours $OURS_PORT "sqlite:///$READ_DB" FORUM_PAGE_CACHE=off
ours_server ours-cached $CACHED_PORT "sqlite:///$READ_DB"
ours_server ours-sqlite $SQLITE_W_PORT "sqlite:///$WRITE_DB" "${WRITE_ENV[@]}"
[ "$NO_POSTGRES" = 1 ] || ours_server ours-postgres $PG_W_PORT "$PG_URL" "${WRITE_ENV[@]}"

# The comment form as a guest's browser gets it: token, signed time, session cookie.
FORM_SQLITE=$(cd "$ROOT" && "$PY" -m bench.form_fields "http://127.0.0.1:$SQLITE_W_PORT$PAGE_WRITE")
[ "$NO_POSTGRES" = 1 ] || FORM_PG=$(cd "$ROOT" && "$PY" -m bench.form_fields "http://127.0.0.1:$PG_W_PORT$PAGE_WRITE")
sleep 3   # a guest's form is refused if sent within COMMENTS_MIN_SECONDS (2) of showing it

# ---- cases (TSV: kind group name url [lua args] [row-count cmd]) -------------------
CASES=$W/cases.tsv
LUA=$(printf '%q' "$ROOT/bench/ours_post.lua")
ROWS_CMD="cd $(printf '%q' "$ROOT") && env -u FORUM_PAGE_CACHE $(printf '%q' "$PY") -m bench.db_check count"
ISSO_ROWS="python3 $(printf '%q' "$KIT/sqlite_count.py") $(printf '%q' "$P/isso/write.db") comments"
ISSO_POST="post${T}@G${T}isso${T}http://127.0.0.1:$ISSO_W_PORT/new?uri=/t3${T}isso_post.lua ${ISSO_W_LO:-} ${ISSO_W_HI:-}${T}$ISSO_ROWS"
ceilings() { printf 'get\t%s\twsgi-bytes\t@wsgi\nget\t%s\tnginx-static\t@nginx\n' "$1" "$1"; }
ours_gets() {  # ours_gets GROUP PATH
  printf 'get\t%s\tours\thttp://127.0.0.1:%s%s\n' "$1" $OURS_PORT "$2"
  printf 'get\t%s\tours-cached\thttp://127.0.0.1:%s%s\n' "$1" $CACHED_PORT "$2"
}
peer() { [ "$NO_PEERS" = 1 ] || printf 'get\t%s\t%s\t%s\n' "$1" "$2" "$3"; }
{
  echo "# generated by bench/run.sh $STARTED"
  ours_gets json-1000 "/api/v1/propositions/$BIG/comments"
  peer json-1000 isso "http://127.0.0.1:$ISSO_PORT/?uri=/t1"
  ceilings json-1000
  ours_gets json-10 "/api/v1/propositions/$SMALL/comments"
  peer json-10 isso "http://127.0.0.1:$ISSO_PORT/?uri=/t2"
  ceilings json-10
  ours_gets page-1000-p1 "$PAGE_BIG"
  peer page-1000-p1 flaskbb-t10 "http://127.0.0.1:$FBB_PORT/topic/${FBB_SMALL:-}"
  peer page-1000-p1 flaskbb-p1 "http://127.0.0.1:$FBB_PORT/topic/${FBB_BIG:-}"
  ceilings page-1000-p1
  ours_gets page-1000-all "$PAGE_BIG?page=all"
  peer page-1000-all flaskbb-all "http://127.0.0.1:$FBB_ALL_PORT/topic/${FBB_BIG:-}"
  ceilings page-1000-all
  ours_gets page-10 "$PAGE_SMALL"
  peer page-10 flaskbb "http://127.0.0.1:$FBB_PORT/topic/${FBB_SMALL:-}"
  ceilings page-10
  printf 'post\twrite-sqlite\tours-sqlite\thttp://127.0.0.1:%s%scomments\t%s %s %s %s\t%s\n' \
    $SQLITE_W_PORT "$PAGE_WRITE" "$LUA" "$FORM_SQLITE" "$WRITE_LO" "$WRITE_HI" \
    "$ROWS_CMD $(printf '%q' "sqlite:///$WRITE_DB") $WRITE_ID"
  [ "$NO_PEERS" = 1 ] || echo "${ISSO_POST//@G/write-sqlite}"
  if [ "$NO_POSTGRES" != 1 ]; then
    printf 'post\twrite-postgres\tours-postgres\thttp://127.0.0.1:%s%scomments\t%s %s %s %s\t%s\n' \
      $PG_W_PORT "$PAGE_WRITE" "$LUA" "$FORM_PG" "$PG_LO" "$PG_HI" \
      "$ROWS_CMD $(printf '%q' "$PG_URL") $PG_WRITE_ID"
    [ "$NO_PEERS" = 1 ] || echo "${ISSO_POST//@G/write-postgres}"
  fi
} >"$CASES"

# ---- measure -------------------------------------------------------------------
SERVER_PORTS=($WSGI_PORT $OURS_PORT $CACHED_PORT $SQLITE_W_PORT)
[ "$NO_POSTGRES" = 1 ] || SERVER_PORTS+=($PG_W_PORT)
[ "$NO_PEERS" = 1 ] || SERVER_PORTS+=($ISSO_PORT $ISSO_W_PORT $FBB_PORT $FBB_ALL_PORT)
"$PY" "$ROOT/bench/rss_sampler.py" "$W/rss.json" "$RSS_INTERVAL" "${SERVER_PORTS[@]}" &
SAMPLER_PID=$!
log "gunicorn: $GUNICORN_OPTS | wrk -t$THREADS -c$CONNS (posts -c$POST_CONNS) -d${DURATION}s --timeout 30s, warm-up ${WARMUP}s, $ROUNDS rounds${ONLY:+, only $ONLY}"
# In the background + wait, so that INT/TERM reach the trap at once.
python3 "$KIT/bench.py" --cases "$CASES" --rounds "$ROUNDS" --duration "$DURATION" \
  --warmup "$WARMUP" --threads "$THREADS" --conns "$CONNS" --post-conns "$POST_CONNS" \
  --queries "$Q" --static-dir "$W/static" --wsgi-base "http://127.0.0.1:$WSGI_PORT" \
  --nginx-base "http://127.0.0.1:$NGINX_PORT" --out "$W/results" ${ONLY:+--only "$ONLY"} \
  >"$W/logs/bench-table.md" 2> >(tee "$W/logs/bench-progress.log" >&2) &
BENCH_PID=$!
PIDS=("$BENCH_PID" "${PIDS[@]}")   # on INT/TERM stop the load first, then the servers
wait "$BENCH_PID"
kill -TERM "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=

# ---- after the load: duplicates, server errors, the report -------------------------
ours_py "sqlite:///$WRITE_DB" -- -m bench.db_check dupes "sqlite:///$WRITE_DB" "$WRITE_ID" \
  "$SQLITE_MARK" >"$W/dupes-ours-sqlite.json"
[ "$NO_POSTGRES" = 1 ] || ours_py "$PG_URL" -- -m bench.db_check dupes "$PG_URL" "$PG_WRITE_ID" \
  "$PG_MARK" >"$W/dupes-ours-postgres.json"
if [ "$NO_PEERS" != 1 ]; then   # both write groups post to the same Isso server
  python3 - "$P/isso/write.db" "$ISSO_MARK" >"$W/dupes-isso.json" <<'EOF'
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows, bodies, repeats = c.execute(
    "select coalesce(sum(n), 0), count(*), coalesce(sum(n - 1), 0) from (select count(*) n "
    "from comments c join threads t on c.tid = t.id where t.uri = '/t3' and c.id > ? "
    "group by c.text)", (int(sys.argv[2]),)).fetchone()
print(json.dumps({"rows": rows, "distinct_bodies": bodies, "duplicated": repeats}))
EOF
fi
WRITES=$W/writes.json
python3 - "$W" >"$WRITES" <<'EOF'
import json, os, sys
def load(name):
    path = os.path.join(sys.argv[1], f"dupes-{name}.json")
    return json.load(open(path)) if os.path.exists(path) else None
out = {}
for group, ours in (("write-sqlite", "ours-sqlite"), ("write-postgres", "ours-postgres")):
    if load(ours) is not None:
        out[group] = {ours: load(ours)}
        if load("isso") is not None:
            out[group]["isso"] = load("isso")
json.dump(out, sys.stdout, indent=1)
EOF

NOTES=$W/notes.txt
: >"$NOTES"
for name in ours ours-cached ours-sqlite ours-postgres isso isso-write flaskbb flaskbb-all wsgi-ceiling; do
  f=$W/logs/$name.log
  [ -f "$f" ] || continue
  c=$(grep -c -E 'Traceback|Error|locked|WORKER TIMEOUT' "$f" || true)
  if [ "${c:-0}" != 0 ]; then
    echo "server log $name has $c error lines ($f)" | tee -a "$NOTES" >&2
  fi
done
echo "ours and ours-cached read one SQLite file; ours-sqlite and ours-postgres are write servers with the rate limits raised and COMMENTS_HOLD_FIRST_GUEST=$WRITE_HOLD_FIRST_GUEST; the Isso rows of both write groups post to one Isso server, so its duplicate count covers both" >>"$NOTES"

RESULTS=$(ls -t "$W"/results/results-*.json | head -1)
STAMP=$(basename "$RESULTS" .json | sed 's/^results-//')
cp "$RESULTS" "$OUT/raw/"
cp "$W/logs/bench-table.md" "$OUT/raw/table-$STAMP.md"
cp "$Q" "$OUT/raw/queries-$STAMP.tsv"
cp "$W/rss.json" "$OUT/raw/rss-$STAMP.json"
cp "$WRITES" "$OUT/raw/writes-$STAMP.json"
cp "$CASES" "$OUT/raw/cases-$STAMP.tsv"

META=$W/meta.json
DIRTY=0
[ -z "$(git -C "$ROOT" status --porcelain -- . ":(exclude)bench/results" 2>/dev/null)" ] || DIRTY=1
env STARTED="$STARTED" FINISHED="$(date '+%Y-%m-%d %H:%M:%S %Z')" \
  COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" DIRTY=$DIRTY \
  OUR_PYTHON="$("$PY" -c 'import platform; print(platform.python_version())')" \
  KNOBS="ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP CONNS=$CONNS THREADS=$THREADS POST_CONNS=$POST_CONNS ONLY=${ONLY:-} NO_PEERS=$NO_PEERS NO_POSTGRES=$NO_POSTGRES WRITE_HOLD_FIRST_GUEST=$WRITE_HOLD_FIRST_GUEST" \
  GUNICORN_OPTS="$GUNICORN_OPTS" \
  SERVERS="ours :$OURS_PORT (FORUM_PAGE_CACHE=off), ours-cached :$CACHED_PORT, ours-sqlite :$SQLITE_W_PORT, ours-postgres :$PG_W_PORT, isso :$ISSO_PORT, isso-write :$ISSO_W_PORT, flaskbb :$FBB_PORT, flaskbb-all :$FBB_ALL_PORT, wsgi :$WSGI_PORT, nginx :$NGINX_PORT" \
  RAW="bench/results/raw/results-$STAMP.json" \
  python3 - "$NOTES" >"$META" <<'EOF'
import json, os, sys
e = os.environ
knobs = dict(pair.split("=", 1) for pair in e["KNOBS"].split())
knobs["GUNICORN_OPTS"] = e["GUNICORN_OPTS"]
json.dump({"started": e["STARTED"], "finished": e["FINISHED"], "commit": e["COMMIT"],
           "dirty": e["DIRTY"] == "1", "python": e["OUR_PYTHON"], "knobs": knobs,
           "servers": e["SERVERS"], "raw": e["RAW"],
           "notes": open(sys.argv[1]).read().splitlines()}, sys.stdout, indent=1)
EOF

log "report"
"$PY" "$ROOT/bench/report.py" --results "$RESULTS" --queries "$Q" --rss "$W/rss.json" \
  --writes "$WRITES" --meta "$META" --out "$OUT"
echo "saved $OUT/latest.md, $OUT/latest.json; raw files in $OUT/raw/ (logs in $W/logs)" >&2
exit 0
