#!/bin/sh
# Installs Debian's rabbitmq-server for the RabbitMQ scenarios, when it is missing. Run by the agent-it/tests build
# (pre-integration-test); it does nothing when the server is there already, or when the selected clients
# (-Dreattach.it.clients, passed as $1) include no RabbitMQ client.
#
# The tests never use the package's own service: they run a private node (RabbitMqNode) with its own ports, epmd
# and data in a temporary folder. So the service must not start during the install (a policy-rc.d that refuses every
# start, only for the duration of the install, unless one is there already), and it is stopped and disabled should it
# have started anyway.
set -eu

clients="${1:-}"
case "$clients" in
  '${'*) clients="" ;; # the property is not set: every client
esac
case "$clients" in
  ""|*rabbit*) ;;
  *) exit 0 ;;
esac

server=/usr/lib/rabbitmq/bin/rabbitmq-server
if [ -x "$server" ]; then
  exit 0
fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install.sh: RabbitMQ ($server) is missing and cannot be installed here (needs root and apt-get):" \
       "install Debian's rabbitmq-server, or the RabbitMQ scenarios fail" >&2
  exit 0
fi

policy=/usr/sbin/policy-rc.d
own_policy=no
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# Written by agent-it/rabbitmq/install.sh for the duration of an install.\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  own_policy=yes
fi
cleanup() {
  if [ "$own_policy" = yes ]; then
    rm -f "$policy"
  fi
}
trap cleanup EXIT

echo "install.sh: installing Debian's rabbitmq-server (once per machine)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends rabbitmq-server

# The service must not run at boot, and should it have been started after all (a system without policy-rc.d), it is
# stopped: with the service's own tools, and only when the package's user runs an Erlang VM (running its stop script
# needlessly would start an epmd on the default port).
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable rabbitmq-server >/dev/null 2>&1 || true
  if systemctl is-active --quiet rabbitmq-server; then
    systemctl stop rabbitmq-server || true
  fi
else
  update-rc.d rabbitmq-server disable >/dev/null 2>&1 || true
  if pgrep -u rabbitmq -x beam.smp >/dev/null 2>&1; then
    service rabbitmq-server stop || true
  fi
fi
test -x "$server"
# (Not "rabbitmq-server --version": in 3.10 that boots a node with the default name, ports and epmd.)
echo "install.sh: installed rabbitmq-server $(dpkg-query -W -f='${Version}' rabbitmq-server)"
