#!/usr/bin/env bash
# Start-up cost of the agent, side by side in one run: a trivial program and a program that loads every class of
# a large class path without JMS, each with and without -javaagent, interleaved, median of N runs. hello_sockets: the
# agent with socket support (SocketTargets set, to a port nothing uses). With REFERENCE=<another build of the agent
# jar>, hello_ref and hello_ref_sockets run the same with it, in the same rounds.
# With HELLO_ONLY=1, only the trivial program's rows: the large class path takes most of a round's time, so more rounds
# fit, which the small differences of the trivial program's rows need.
# Usage: [REFERENCE=jar] [HELLO_ONLY=1] bench/startup/run.sh [runs=10] [java=java]. Needs agent/target/reattach-agent.jar (mvn -B package).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-10}
JAVA=${2:-java}
AGENT=agent/target/reattach-agent.jar
[ -f "$AGENT" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 2; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
javac -d "$WORK" bench/startup/Hello.java bench/startup/LoadAll.java bench/startup/NoopAgent.java
# The floor: a no-op agent in a copy of the Reattach jar, so that both jars have the same size.
NOOP="$WORK/noop-agent.jar"
cp "$AGENT" "$NOOP"
printf 'Premain-Class: NoopAgent\n' > "$WORK/manifest.txt"
(cd "$WORK" && jar ufm "$NOOP" manifest.txt NoopAgent.class 2>/dev/null)
# The large class path: the agent's own unshaded dependencies and the Artemis broker's, none of them JMS.
M2=${MAVEN_REPO:-$HOME/.m2/repository}
BIG=$( (find "$M2/net/bytebuddy/byte-buddy" "$M2/io/netty" "$M2/org/apache/commons" "$M2/com/google/guava" -name '*.jar' \
      ! -name '*sources*' ! -name '*javadoc*' 2>/dev/null || true) | sort | head -40 | tr '\n' ':')
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
declare -A T
for i in $(seq "$RUNS"); do
  T[hello]+="$(ms "$JAVA" -cp "$WORK" Hello) "
  T[hello_noop]+="$(ms "$JAVA" -javaagent:$NOOP -cp "$WORK" Hello) "
  T[hello_agent]+="$(ms "$JAVA" -javaagent:$AGENT -cp "$WORK" Hello) "
  if [ -z "${HELLO_ONLY:-}" ]; then
    T[big]+="$(ms "$JAVA" -cp "$WORK:$BIG" LoadAll) "
    T[big_agent]+="$(ms "$JAVA" -javaagent:$AGENT -cp "$WORK:$BIG" LoadAll) "
  fi
  T[hello_sockets]+="$(ms "$JAVA" -javaagent:$AGENT=SocketTargets=127.0.0.1:9 -cp "$WORK" Hello) "
  if [ -n "${REFERENCE:-}" ]; then
    T[hello_ref]+="$(ms "$JAVA" -javaagent:$REFERENCE -cp "$WORK" Hello) "
    T[hello_ref_sockets]+="$(ms "$JAVA" -javaagent:$REFERENCE=SocketTargets=127.0.0.1:9 -cp "$WORK" Hello) "
  fi
done
classes=$([ -n "${HELLO_ONLY:-}" ] && echo "not run" || "$JAVA" -cp "$WORK:$BIG" LoadAll)
echo "JDK: $("$JAVA" -version 2>&1 | head -1); runs: $RUNS; large class path: $classes; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for k in hello hello_noop hello_agent hello_sockets ${REFERENCE:+hello_ref hello_ref_sockets} $([ -n "${HELLO_ONLY:-}" ] || echo big big_agent); do
  printf '%-18s median %5s ms  min %5s ms   (all: %s)\n' "$k" "$(echo ${T[$k]} | tr ' ' '\n' | median)" \
    "$(echo ${T[$k]} | tr ' ' '\n' | sort -n | head -1)" "${T[$k]}"
done
# Differences within each round, then their median: the rows above come from the same rounds, so the pairs take out
# what the machine did to a whole round.
paired() { paste -d' ' <(echo ${T[$1]} | tr ' ' '\n') <(echo ${T[$2]} | tr ' ' '\n') | awk '{print $1 - $2}' | median; }
echo "paired medians: agent over the no-op floor $(paired hello_agent hello_noop) ms; added by sockets $(paired hello_sockets hello_agent) ms${REFERENCE:+; reference: over the floor $(paired hello_ref hello_noop) ms, added by sockets $(paired hello_ref_sockets hello_ref) ms; sockets, this build minus the reference $(paired hello_sockets hello_ref_sockets) ms}"
