#!/usr/bin/env bash
# Connect latency to a local server that is NOT a socket target: without the agent, and with the agent and its socket
# instrumentation installed (SocketTargets names another port, so the JDK's Socket is woven and every connect takes
# the non-target path). Also, for information, a connect to a target (the agent's probe connect comes first).
# Interleaved, ROUNDS rounds; each round prints the median of 20000 connects. Every JVM is pinned to one CPU (taskset,
# when there is one): unpinned, the medians on a 2-core machine jump between two levels by round, with or without the agent.
# Usage: bench/sockets/run.sh [rounds=5] [java=java]. Needs agent/target/reattach-agent.jar (mvn -B -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-5}
JAVA=${2:-java}
AGENT=agent/target/reattach-agent.jar
[ -f "$AGENT" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 2; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
javac -d "$WORK" bench/sockets/ConnectLatency.java
PORT=${PORT:-47311}
PIN=""; command -v taskset >/dev/null && PIN="taskset -c 1"
JAVA="$PIN $JAVA"
echo "JDK: $($JAVA -version 2>&1 | head -1); $(nproc) cores; $(uname -sr); $(date -u +%F)"
for i in $(seq "$ROUNDS"); do
  printf 'round %s  no agent:            %s\n' "$i" "$($JAVA -cp "$WORK" ConnectLatency "$PORT")"
  printf 'round %s  agent, non-target:   %s\n' "$i" "$($JAVA "-javaagent:$AGENT=SocketTargets=127.0.0.1:1" -cp "$WORK" ConnectLatency "$PORT" 2>/dev/null)"
  printf 'round %s  agent, target:       %s\n' "$i" "$($JAVA "-javaagent:$AGENT=SocketTargets=127.0.0.1:$PORT" -cp "$WORK" ConnectLatency "$PORT" 5000 1000 2>/dev/null)"
done
# The non-target path alone, without the network's noise.
javac -cp "$AGENT" -d "$WORK" bench/sockets/HookCost.java
$JAVA -cp "$AGENT:$WORK" HookCost
