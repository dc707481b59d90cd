#!/usr/bin/env bash
# Start-up cost of the agent, side by side in one run: a trivial program and a program that loads every class of
# a large class path without JMS, each with and without -javaagent, interleaved, median of N runs.
# Usage: bench/startup/run.sh [runs=10] [java=java]. Needs agent/target/reattach-agent.jar (mvn -B package).
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
  T[big]+="$(ms "$JAVA" -cp "$WORK:$BIG" LoadAll) "
  T[big_agent]+="$(ms "$JAVA" -javaagent:$AGENT -cp "$WORK:$BIG" LoadAll) "
done
classes=$("$JAVA" -cp "$WORK:$BIG" LoadAll)
echo "JDK: $("$JAVA" -version 2>&1 | head -1); runs: $RUNS; large class path: $classes"
for k in hello hello_noop hello_agent big big_agent; do
  printf '%-12s median %5s ms   (all: %s)\n' "$k" "$(echo ${T[$k]} | tr ' ' '\n' | median)" "${T[$k]}"
done
