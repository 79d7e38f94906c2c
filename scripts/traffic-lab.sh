#!/usr/bin/env bash
# Traffic lab: makes labelled captures of real protocol traffic on loopback, with real clients and
# servers from Debian's packages, for training and checking the learned protocol stage.
#
#   scripts/traffic-lab.sh OUT_DIR [ROUNDS]
#
# For each protocol whose programs are installed it starts the server bound to 127.0.0.1 (most on a
# port that is not the protocol's own, so that a model cannot learn the port), captures the
# loopback interface with tcpdump filtered to that port, runs the client ROUNDS times (default 20),
# and stops both. Every step runs under `timeout`, so the whole lab is bounded in time (about a
# minute at the default); nothing leaves the machine. It writes OUT_DIR/<protocol>.pcap and
# OUT_DIR/labels.tsv (file, protocol as nDPI spells it), and says which protocols it skipped and
# why. Needs root or CAP_NET_RAW for tcpdump.
#
# Debian packages used when present: tcpdump, python3, curl, openssl, dnsmasq-base, bind9-dnsutils,
# redis-server, redis-tools, postgresql, mosquitto, mosquitto-clients, openssh-server,
# openssh-client, memcached, netcat-openbsd, snmpd, snmp.
set -uo pipefail

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
OUT="$1"
ROUNDS="${2:-20}"
case "$ROUNDS" in ''|*[!0-9]*) echo "traffic-lab: ROUNDS must be a number, but was '$ROUNDS'" >&2; exit 2 ;; esac
[ "$ROUNDS" -ge 1 ] && [ "$ROUNDS" -le 500 ] || { echo "traffic-lab: ROUNDS must be in 1..500" >&2; exit 2; }
command -v tcpdump >/dev/null || { echo "traffic-lab: tcpdump is not installed (Debian package tcpdump)" >&2; exit 2; }
mkdir -p "$OUT" || exit 2
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d /tmp/assay-traffic-lab.XXXXXX)"
chmod 755 "$WORK"
LABELS="$OUT/labels.tsv"
: > "$LABELS"
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

have() { for c in "$@"; do command -v "$c" >/dev/null 2>&1 || return 1; done; }
skip() { echo "traffic-lab: skipped $1: $2" >&2; }

# Waits up to 5 s for a TCP or UDP listener on 127.0.0.1:$2 ($1 = tcp|udp).
wait_port() {
  local i
  for i in $(seq 50); do
    if [ "$1" = tcp ]; then ss -Hltn "sport = :$2" 2>/dev/null | grep -q . && return 0
    else ss -Hlun "sport = :$2" 2>/dev/null | grep -q . && return 0; fi
    sleep 0.1
  done
  return 1
}

# capture NAME LABEL PORT CLIENT_FUNCTION: records the client's traffic to PORT into NAME.pcap.
capture() {
  local name="$1" label="$2" port="$3" client="$4" file="$OUT/$1.pcap"
  # --immediate-mode: without it the kernel hands packets over in blocks every second or so, and the block not yet
  # handed over when tcpdump is stopped is lost (the last rounds of a fast client went missing)
  timeout 120 tcpdump -i lo --immediate-mode -U -s 0 -w "$file" "port $port" 2>"$WORK/tcpdump.log" &
  local dump=$! i
  for i in $(seq 100); do grep -q "listening on" "$WORK/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
  sleep 0.5 # the filter is attached once tcpdump says it listens; give the kernel a moment more
  local i
  export -f "$client"
  for i in $(seq "$ROUNDS"); do timeout 10 bash -c "$client $i" >/dev/null 2>&1 || true; done
  sleep 1
  kill -INT "$dump" 2>/dev/null; wait "$dump" 2>/dev/null
  local packets; packets="$(tcpdump -r "$file" 2>/dev/null | wc -l)"
  if [ "$packets" -gt 0 ]; then
    printf '%s\t%s\n' "$name.pcap" "$label" >> "$LABELS"
    echo "traffic-lab: $name.pcap ($label, port $port): $packets packets" >&2
  else
    rm -f "$file"; skip "$name" "no packets captured"
  fi
}

start() { "$@" >"$WORK/last.log" 2>&1 & PIDS+=($!); }

# --- HTTP: python's http.server, curl -------------------------------------------------------
lab_http() {
  have python3 curl || { skip HTTP "needs python3 and curl"; return; }
  mkdir -p "$WORK/www" && echo "hello from the traffic lab" > "$WORK/www/index.html"
  (cd "$WORK/www" && start python3 -m http.server 18080 --bind 127.0.0.1)
  wait_port tcp 18080 || { skip HTTP "server did not start"; return; }
  http_client() { curl -s -A "assay-lab/$1" "http://127.0.0.1:18080/index.html?round=$1"; }
  capture http HTTP 18080 http_client
}

# --- TLS: openssl s_server, curl over TLS 1.2 and 1.3 with SNI and ALPN ----------------------
lab_tls() {
  have openssl curl || { skip TLS "needs openssl and curl"; return; }
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/tls.key" -out "$WORK/tls.crt" -days 2 -subj "/CN=lab.example" >/dev/null 2>&1
  start openssl s_server -accept 127.0.0.1:18443 -cert "$WORK/tls.crt" -key "$WORK/tls.key" -www -alpn http/1.1
  wait_port tcp 18443 || { skip TLS "server did not start"; return; }
  tls_client() {
    if [ $(( $1 % 2 )) -eq 0 ]; then curl -sk --tlsv1.2 --tls-max 1.2 --resolve lab.example:18443:127.0.0.1 https://lab.example:18443/
    else curl -sk --tlsv1.3 --resolve lab.example:18443:127.0.0.1 https://lab.example:18443/; fi
  }
  capture tls TLS 18443 tls_client
}

# --- DNS: dnsmasq answering local names, dig over UDP and TCP --------------------------------
lab_dns() {
  have dnsmasq dig || { skip DNS "needs dnsmasq (dnsmasq-base) and dig (bind9-dnsutils)"; return; }
  printf '127.0.0.%s host%s.lab.example\n' 1 1 2 2 3 3 > "$WORK/hosts"
  start dnsmasq --keep-in-foreground --no-resolv --no-hosts --addn-hosts="$WORK/hosts" --listen-address=127.0.0.1 \
    --bind-interfaces --port=15353 --user="$(id -un)" --pid-file="$WORK/dnsmasq.pid" --txt-record=lab.example,"assay traffic lab"
  wait_port udp 15353 || { skip DNS "server did not start"; return; }
  dns_client() {
    local tcp=""; [ $(( $1 % 4 )) -eq 0 ] && tcp="+tcp"
    dig @127.0.0.1 -p 15353 $tcp "host$(( $1 % 3 + 1 )).lab.example" A +tries=1 +time=2
    dig @127.0.0.1 -p 15353 lab.example TXT +tries=1 +time=2
  }
  capture dns DNS 15353 dns_client
}

# --- Redis (RESP): redis-server, redis-cli ---------------------------------------------------
lab_redis() {
  have redis-server redis-cli || { skip RESP "needs redis-server and redis-tools"; return; }
  start redis-server --port 16390 --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK"
  wait_port tcp 16390 || { skip RESP "server did not start"; return; }
  redis_client() { redis-cli -h 127.0.0.1 -p 16390 SET "lab:$1" "value $1"; redis-cli -h 127.0.0.1 -p 16390 GET "lab:$1"; }
  capture redis RESP 16390 redis_client
}

# --- PostgreSQL: a throw-away cluster, psql over TCP -----------------------------------------
lab_postgresql() {
  local bin; bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  { [ -n "$bin" ] && [ -x "$bin/initdb" ] && have psql; } || { skip PostgreSQL "needs postgresql"; return; }
  local run=(); [ "$(id -u)" = 0 ] && { id postgres >/dev/null 2>&1 || { skip PostgreSQL "no postgres user"; return; }; run=(runuser -u postgres --); }
  mkdir -p "$WORK/pg" && [ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
  "${run[@]}" "$bin/initdb" -D "$WORK/pg/data" -U lab --auth=trust >/dev/null 2>&1 || { skip PostgreSQL "initdb failed"; return; }
  "${run[@]}" "$bin/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w -o "-p 15432 -k $WORK/pg -c listen_addresses=127.0.0.1 -c ssl=off" start >/dev/null 2>&1 \
    || { skip PostgreSQL "server did not start"; return; }
  pg_client() { PGCONNECT_TIMEOUT=5 psql "host=127.0.0.1 port=15432 user=lab dbname=postgres sslmode=disable" -c "select $1, now(), version()"; }
  capture postgresql PostgreSQL 15432 pg_client
  "${run[@]}" "$bin/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1
}

# --- MQTT: mosquitto, mosquitto_pub / mosquitto_sub ------------------------------------------
lab_mqtt() {
  have mosquitto mosquitto_pub mosquitto_sub || { skip MQTT "needs mosquitto and mosquitto-clients"; return; }
  printf 'listener 11883 127.0.0.1\nallow_anonymous true\npersistence false\n' > "$WORK/mosquitto.conf"
  start mosquitto -c "$WORK/mosquitto.conf"
  wait_port tcp 11883 || { skip MQTT "broker did not start"; return; }
  mqtt_client() {
    mosquitto_sub -h 127.0.0.1 -p 11883 -t "lab/$1" -C 1 -W 3 & local sub=$!
    sleep 0.2; mosquitto_pub -h 127.0.0.1 -p 11883 -t "lab/$1" -m "reading $1" -q $(( $1 % 3 )); wait "$sub"
  }
  capture mqtt MQTT 11883 mqtt_client
}

# --- SSH: sshd with a throw-away host key; the client's key exchange and a refused login -----
lab_ssh() {
  local sshd; sshd="$(command -v sshd || echo /usr/sbin/sshd)"
  { [ -x "$sshd" ] && have ssh ssh-keygen; } || { skip SSH "needs openssh-server and openssh-client"; return; }
  ssh-keygen -q -t ed25519 -N "" -f "$WORK/host_key" >/dev/null
  mkdir -p /run/sshd 2>/dev/null
  start "$sshd" -D -e -f /dev/null -p 12222 -o ListenAddress=127.0.0.1 -o HostKey="$WORK/host_key" -o PidFile="$WORK/sshd.pid" \
    -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no
  wait_port tcp 12222 || { skip SSH "sshd did not start"; return; }
  ssh_client() { ssh -p 12222 -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=5 "lab$1@127.0.0.1" true; }
  capture ssh SSH 12222 ssh_client
}

# --- Memcached: memcached, its text protocol over netcat -------------------------------------
lab_memcached() {
  have memcached nc || { skip Memcached "needs memcached and netcat-openbsd"; return; }
  start memcached -l 127.0.0.1 -p 11212 -U 0 -u "$(id -un)"
  wait_port tcp 11212 || { skip Memcached "server did not start"; return; }
  mc_client() { printf 'set lab%s 0 60 5\r\nhello\r\nget lab%s\r\nquit\r\n' "$1" "$1" | nc -q 1 127.0.0.1 11212; }
  capture memcached Memcached 11212 mc_client
}

# --- SNMP: snmpd with a read-only community, snmpget / snmpwalk ------------------------------
lab_snmp() {
  local snmpd; snmpd="$(command -v snmpd || echo /usr/sbin/snmpd)"
  { [ -x "$snmpd" ] && have snmpget snmpwalk; } || { skip SNMP "needs snmpd and snmp"; return; }
  printf 'rocommunity lab 127.0.0.1\nsysLocation traffic lab\n' > "$WORK/snmpd.conf"
  start "$snmpd" -f -Lo -C -M /dev/null -c "$WORK/snmpd.conf" -p "$WORK/snmpd.pid" udp:127.0.0.1:11161
  wait_port udp 11161 || { skip SNMP "agent did not start"; return; }
  snmp_client() {
    # numeric OIDs (sysLocation.0, sysUpTime.0, system): Debian ships the tools without the MIB files
    snmpget -m "" -v2c -c lab -t 2 -r 0 127.0.0.1:11161 1.3.6.1.2.1.1.6.0 1.3.6.1.2.1.1.3.0
    [ $(( $1 % 5 )) -eq 0 ] && snmpwalk -m "" -v1 -c lab -t 2 -r 0 127.0.0.1:11161 1.3.6.1.2.1.1
  }
  capture snmp SNMP 11161 snmp_client
}

for lab in lab_http lab_tls lab_dns lab_redis lab_postgresql lab_mqtt lab_ssh lab_memcached lab_snmp; do
  "$lab"
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  PIDS=()
done
echo "traffic-lab: $(wc -l < "$LABELS") captures in $OUT (labels.tsv)" >&2
