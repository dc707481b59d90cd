#!/bin/sh
# Installs Debian's PostgreSQL server for the JDBC scenarios (JdbcIT), when it is missing. Run by the agent-it/tests
# build (pre-integration-test); it does nothing when a server is there already.
#
# The tests never use the package's own cluster or service: PostgresServer runs a private server (initdb into a
# temporary folder, pg_ctl on a random loopback port, its unix sockets in that folder). So the service must not start
# during the install (a policy-rc.d that refuses every start, only for the duration of the install, unless one is there
# already), and it is stopped and disabled should it have started anyway.
set -eu

if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" = 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo -n"
else
  sudo=none
fi
if [ "$sudo" = none ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install.sh: PostgreSQL (/usr/lib/postgresql/*/bin/pg_ctl) is missing and cannot be installed here (needs root" \
       "or sudo, and apt-get): install Debian's postgresql package, or the JDBC scenarios fail" >&2
  exit 0
fi

policy=/usr/sbin/policy-rc.d
own_policy=no
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# Written by agent-it/postgresql/install.sh for the duration of an install.\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
  own_policy=yes
fi
cleanup() {
  if [ "$own_policy" = yes ]; then
    $sudo rm -f "$policy"
  fi
}
trap cleanup EXIT

echo "install.sh: installing Debian's postgresql (once per machine)"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql

if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $sudo systemctl disable postgresql >/dev/null 2>&1 || true
  if systemctl is-active --quiet postgresql; then
    $sudo systemctl stop postgresql || true
  fi
else
  $sudo update-rc.d postgresql disable >/dev/null 2>&1 || true
  if pgrep -u postgres -x postgres >/dev/null 2>&1; then
    $sudo service postgresql stop || true
  fi
fi
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null
echo "install.sh: installed postgresql $(dpkg-query -W -f='${Version}' postgresql)"
