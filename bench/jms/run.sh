#!/usr/bin/env bash
# The JMS benchmarks (BENCHMARKS.md): builds what they need and runs one of them, or all, through failsafe.
# Usage: bench/jms/run.sh throughput|recovery|first-send|buffer-heap|stall|all [maven arguments, e.g. -o -Dbench.rounds=5]
# Reports: agent-it/tests/target/bench/<throughput|recovery|first-send|buffer-heap|stall>.txt (also printed).
# Every broker and application JVM a benchmark starts is stopped when it ends, also when it fails.
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
exec mvn -B verify -pl agent-it/tests -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test="$tests" "$@"
