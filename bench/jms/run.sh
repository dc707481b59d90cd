#!/usr/bin/env bash
# The JMS benchmarks (BENCHMARKS.md): builds what they need and runs one of them, or all, through failsafe.
# Usage: bench/jms/run.sh throughput|recovery|first-send|buffer-heap|stall|all [maven arguments, e.g. -o -Dbench.rounds=5]
# Reports: agent-it/tests/target/bench/<throughput|recovery|first-send|buffer-heap|stall>.txt (also printed).
# Every broker and application JVM a benchmark starts is stopped when it ends, also when it fails.
# PROFILE=<async-profiler options>, e.g. PROFILE=event=cpu,interval=2ms,threads,features=comptask: each application JVM
# runs under async-profiler 3.0 (from Maven Central), one collapsed-stack file per process in
# agent-it/tests/target/bench/profiles/<pid>.collapsed. The profiler slows every thread: read its split, not the rates.
set -euo pipefail
cd "$(dirname "$0")/../.."
case "${1:-}" in
  throughput) tests=ThroughputBenchmark ;;
  recovery) tests=RecoveryBenchmark ;;
  first-send) tests=FirstSendBenchmark ;;
  buffer-heap) tests=BufferHeapBenchmark ;;
  stall) tests=StallBenchmark ;;
  all) tests=FirstSendBenchmark,ThroughputBenchmark,RecoveryBenchmark,BufferHeapBenchmark ;;
  *) echo "usage: $0 throughput|recovery|first-send|buffer-heap|stall|all [maven arguments]" >&2; exit 64 ;;
esac
shift
if [ -n "${PROFILE:-}" ]; then
  for a in "$@"; do
    case "$a" in -Dbench.appJvmArgs=*) echo "$0: PROFILE sets -Dbench.appJvmArgs; give one or the other" >&2; exit 64 ;; esac
  done
  profiles="$PWD/agent-it/tests/target/bench/profiles"
  offline=(); for a in "$@"; do [ "$a" = -o ] && offline=(-o); done
  mkdir -p "$profiles/lib"
  mvn -B -q "${offline[@]}" org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
    -Dartifact=tools.profiler:async-profiler:3.0 -DoutputDirectory="$profiles/lib"
  case "$(uname -m)" in aarch64|arm64) platform=linux-arm64 ;; *) platform=linux-x64 ;; esac
  (cd "$profiles/lib" && jar xf async-profiler-3.0.jar "$platform/libasyncProfiler.so")
  set -- "$@" "-Dbench.appJvmArgs=-agentpath:$profiles/lib/$platform/libasyncProfiler.so=start,$PROFILE,file=$profiles/%p.collapsed,collapsed"
  echo "profiles: $profiles/<pid>.collapsed" >&2
fi
exec mvn -B verify -pl agent-it/tests -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test="$tests" "$@"
