#!/usr/bin/env bash
# Load test of `backprop serve` with wrk (Debian package `wrk`) on loopback: throughput and p50/p99
# latency for single cases and batches of 100, on the demo's digits model (64-30-10) and an
# N2-sized model (784-1024-1024-10, initial weights: the speed does not depend on training).
# Not run by the build. Usage, from anywhere:
#   backprop-bench/serve-bench.sh                  # 30 s per case, 2 wrk threads, 16 connections
#   DURATION=5s CONNECTIONS=4 backprop-bench/serve-bench.sh
# Server options can be added with SERVE_OPTS (e.g. "--threads 2"); JVM options with BACKPROP_JAVA_OPTS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${DURATION:-30s}"
connections="${CONNECTIONS:-16}"
wrk_threads="${WRK_THREADS:-2}"
command -v wrk >/dev/null || { echo "serve-bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The digits model and its test rows (the label, column 65, cut off).
(cd "$work" && "$here/backprop" demo >/dev/null 2>&1)
cut -d, -f1-64 "$work/demo-digits-test.csv" > "$work/digits-rows.csv"
# N2-sized: 784 inputs, written with --epochs 0 from 200 seeded random rows.
awk 'BEGIN { srand(1); for (r = 0; r < 200; r++) { s = ""; for (j = 0; j < 784; j++) s = s sprintf("%d,", int(rand() * 256));
  print s (r % 10) } }' > "$work/n2.csv"
"$here/backprop" train --data "$work/n2.csv" --header no --layers 784,1024,1024,10 --epochs 0 --scale none \
  --quiet --out "$work/n2.safetensors" >/dev/null
cut -d, -f1-784 "$work/n2.csv" > "$work/n2-rows.csv"

# {"input": [...]} of the first row, {"inputs": [[...], ... 100 rows]}
body() {  # rows.csv count out.json
  if [ "$2" = 1 ]; then
    head -1 "$1" | sed 's/^/{"input": [/; s/$/]}/' > "$3"
  else
    head -"$2" "$1" | sed 's/^/[/; s/$/]/' | paste -sd, - | sed 's/^/{"inputs": [/; s/$/]}/' > "$3"
  fi
}

cat > "$work/post.lua" <<'LUA'
local f = assert(io.open(os.getenv("BODY"), "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.3f %.3f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout))
end
LUA

printf '| model | request | requests/s | rows/s | p50 ms | p99 ms | requests | errors |\n'
printf '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n'
for model in digits n2; do
  file="$work/demo-model.safetensors"; [ "$model" = n2 ] && file="$work/n2.safetensors"
  # shellcheck disable=SC2086
  "$here/backprop" serve --model "$file" --port 0 --watch-seconds 0 ${SERVE_OPTS:-} > "$work/serve.out" 2> "$work/serve.err" &
  server=$!
  for _ in $(seq 300); do grep -q '^serving' "$work/serve.out" && break; sleep 0.1; done
  url="$(grep -o 'http://[^ ]*' "$work/serve.out")" || { cat "$work/serve.err" >&2; exit 1; }
  for rows in 1 100; do
    body "$work/$model-rows.csv" "$rows" "$work/body.json"
    curl -sf -X POST --data-binary @"$work/body.json" "$url/predict" > /dev/null   # one good answer first
    BODY="$work/body.json" wrk -t"$wrk_threads" -c"$connections" -d"$duration" -s "$work/post.lua" "$url/predict" \
      > "$work/wrk.out"
    read -r _ rps p50 p99 n errors < <(grep '^RESULT' "$work/wrk.out")
    label="single case"; [ "$rows" = 100 ] && label="batch of 100"
    printf '| %s | %s | %.0f | %.0f | %.2f | %.2f | %d | %d |\n' "$model" "$label" "$rps" \
      "$(echo "$rps * $rows" | bc -l)" "$p50" "$p99" "$n" "$errors"
  done
  kill -TERM "$server"; wait "$server" || true; server=""
done
