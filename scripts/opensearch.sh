#!/usr/bin/env bash
# One OpenSearch 2.19 node on 127.0.0.1 (tests, single-machine deployments).
#   scripts/opensearch.sh build   Maven build of ops/opensearch (the ~/.m2 cache is reused)
#   scripts/opensearch.sh run     builds when needed, then runs the node in the foreground
# Environment: OPENSEARCH_HOME (data and logs; default var/opensearch), OPENSEARCH_PORT (9200;
# transport on PORT+100), OPENSEARCH_HEAP (1g), OPENSEARCH_JAVA_OPTS (more JVM options: the
# test services pass -XX:TieredStopAtLevel=1, see scripts/services.sh). Then KHAMRAP_SEARCH_BACKEND=opensearch
# KHAMRAP_SEARCH_URL=http://127.0.0.1:$OPENSEARCH_PORT.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
proj="$root/ops/opensearch"

build() {
  local stamp="$proj/target/.built" want
  want="$(cat "$proj/pom.xml" "$proj"/src/main/java/khamrap/*.java "$proj"/src/main/resources/* | sha256sum | cut -d' ' -f1)"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$proj/target/lib" ] && return 0
  rm -rf "$proj/target"
  # offline first (a warm ~/.m2 needs no network), then Maven Central
  (cd "$proj" && { mvn -q -B -o package 2>/dev/null || mvn -q -B package; })
  echo "$want" > "$stamp"
}

case "${1:-run}" in
  build) build ;;
  run)
    build
    home="${OPENSEARCH_HOME:-$root/var/opensearch}"
    mkdir -p "$home"
    exec java -Xms"${OPENSEARCH_HEAP:-1g}" -Xmx"${OPENSEARCH_HEAP:-1g}" -XX:+UseG1GC ${OPENSEARCH_JAVA_OPTS:-} -Djava.awt.headless=true \
      -Dfile.encoding=UTF-8 -Dlog4j2.disable.jmx=true \
      -cp "$proj/target/classes:$proj/target/lib/*" khamrap.OpenSearchNode "$home" "${OPENSEARCH_PORT:-9200}" ;;
  *) echo "usage: $0 build|run" >&2; exit 2 ;;
esac
