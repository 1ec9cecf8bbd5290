#!/bin/bash
# Boots the test guest image under QEMU (TCG) and checks what Tempest and Altus need from it:
#   boot 1: a config drive (config-2 ISO on an IDE CD-ROM) with an ECDSA key and a shell user_data,
#           two NICs, a scratch disk; console, SSH (key, password, root refused), sudo, the commands
#           Tempest runs in a guest, DHCP options 121 and 26, the web page, ACPI power-down over QMP;
#   boot 2: no config drive; the OpenStack metadata service at 169.254.169.254, served from this
#           host through QEMU's user networking (the guest's connections become a pipe to a local
#           HTTP server on 127.0.0.1).
# Prints ok/FAIL lines and ends with "guest-image: N passed, N failed"; exits non-zero on failure.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
passed=0 failed=0
ok() { echo "ok $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }
finish() {
  echo "guest-image: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit $?
}
need() { command -v "$1" >/dev/null || { bad "tool $1 missing: apt-get install -y $2"; finish; }; }
need qemu-system-x86_64 qemu-system-x86
need qemu-img qemu-utils
need genisoimage genisoimage
need ssh openssh-client
need ssh-keygen openssh-client
need curl curl
need busybox busybox-static
$py -c 'import paramiko' 2>/dev/null || { bad "python3-paramiko missing: apt-get install -y python3-paramiko"; finish; }

image=$("$here/build.sh" --print-path) || { bad "build.sh failed"; finish; }
work=$(mktemp -d /tmp/altus-guest-test.XXXXXX)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { $py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

ssh-keygen -q -t ecdsa -N '' -C altus-test -f "$work/key"
pubkey=$(cat "$work/key.pub")
fingerprint=$(ssh-keygen -l -E sha256 -f "$work/key.pub" | awk '{print $2}')

# ssh_guest PORT USER COMMAND: run COMMAND behind Tempest's shell prologue, as Tempest does.
ssh_guest() {
  ssh -i "$work/key" -p "$1" -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o LogLevel=ERROR -o ConnectTimeout=20 "$2@127.0.0.1" "set -eu -o pipefail; PATH=\$PATH:/sbin:/usr/sbin; $3"
}
# check NAME EXPECTED_REGEX COMMAND: run COMMAND in the guest as altus, match its output.
check() {
  local out
  out=$(ssh_guest "$ssh_port" altus "$3" 2>&1)
  if [ $? -eq 0 ] && grep -Eq -- "$2" <<<"$out"; then ok "$1"
  else bad "$1: expected /$2/, got: $(head -c 400 <<<"$out" | tr '\n' '|')"; fi
}

# boot NAME QEMU_ARGS...: start a guest on a fresh overlay of the image; sets qemu_pid, console, t0.
boot() {
  local name=$1; shift
  # A root disk larger than the image, as a flavor's would be.
  qemu-img create -q -f qcow2 -b "$image" -F qcow2 "$work/$name.qcow2" 512M
  console=$work/$name.console.log
  : >"$console"
  t0=$(now)
  qemu-system-x86_64 -accel tcg -m 128 -smp 1 -no-reboot -name "guest=altus-guest-test-$name" \
    -drive "file=$work/$name.qcow2,if=virtio,format=qcow2" \
    -serial "file:$console" -qmp "unix:$work/$name.qmp,server=on,wait=off" -display none -vga std \
    "$@" >"$work/$name.qemu.log" 2>&1 &
  qemu_pid=$!
  pids+=("$qemu_pid")
}
# wait_console PATTERN TIMEOUT: seconds from the start of qemu until the console shows PATTERN.
wait_console() {
  local deadline=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if grep -aq -- "$1" "$console"; then elapsed "$t0" "$(now)"; return 0; fi
    kill -0 "$qemu_pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}
# boot_times NAME: record the boot's milestones.
boot_times() {
  local first kernel prompt
  first=$(wait_console '[[:print:]]' 60) && kernel=$(wait_console 'Linux version' 120) \
    && prompt=$(wait_console ' login: ' 240)
  if [ -n "${prompt:-}" ]; then
    ok "$1: console shows the kernel boot and the login prompt (first console line ${first} s, kernel ${kernel} s, login prompt ${prompt} s)"
    echo "boot-time $1 first-console-line=${first}s kernel=${kernel}s login-prompt=${prompt}s"
  else
    bad "$1: no login prompt on the console (first line ${first:-never}, kernel ${kernel:-never}); its end: $(tail -c 600 "$console" | tr '\n' '|')"
    return 1
  fi
}
wait_ssh() {
  local deadline=$(( $(date +%s) + 90 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    ssh_guest "$ssh_port" altus true 2>/dev/null && return 0
    sleep 1
  done
  return 1
}
qmp() {  # qmp SOCKET COMMAND
  $py - "$1" "$2" <<'EOF'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile('rw')
json.loads(f.readline())
for cmd in ('qmp_capabilities', sys.argv[2]):
    f.write(json.dumps({'execute': cmd}) + '\n'); f.flush()
    while True:
        reply = json.loads(f.readline())
        if 'return' in reply or 'error' in reply: break
    if 'error' in reply: sys.exit('QMP %s: %s' % (cmd, reply['error']))
EOF
}
# power_down NAME: ACPI power button over QMP; the guest must shut down and qemu exit within 30 s.
power_down() {
  local start; start=$(now)
  if ! qmp "$work/$1.qmp" system_powerdown; then bad "$1: QMP system_powerdown refused"; return; fi
  local deadline=$(( $(date +%s) + 30 ))
  while kill -0 "$qemu_pid" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
  if kill -0 "$qemu_pid" 2>/dev/null; then
    bad "$1: still running 30 s after system_powerdown"
  elif grep -aq 'shutting down' "$console"; then
    ok "$1: system_powerdown shut the guest down cleanly, qemu exited after $(elapsed "$start" "$(now)") s"
  else
    bad "$1: qemu exited after system_powerdown without the guest's shutdown"
  fi
}

# ---- boot 1: config drive ------------------------------------------------------------------------
uuid1=$(cat /proc/sys/kernel/random/uuid)
mkdir -p "$work/cd/openstack/latest"
$py - "$work/cd/openstack/latest/meta_data.json" "$uuid1" "$pubkey" <<'EOF'
import json, sys
json.dump({"uuid": sys.argv[2], "name": "altus-test-cd", "hostname": "altus-test-cd",
           "public_keys": {"altus-test": sys.argv[3]}, "launch_index": 0,
           "availability_zone": "nova", "project_id": "p"}, open(sys.argv[1], "w"))
EOF
printf '#!/bin/sh\necho "user-data ran as $(id -u): $((6 * 7))"\n' >"$work/cd/openstack/latest/user_data"
genisoimage -quiet -o "$work/config.iso" -V config-2 -J -r "$work/cd"
qemu-img create -q -f qcow2 "$work/scratch.qcow2" 32M
ssh_port=$(free_port) http_port=$(free_port)
boot cd \
  -drive "file=$work/config.iso,if=ide,media=cdrom,readonly=on" \
  -drive "file=$work/scratch.qcow2,if=virtio,format=qcow2" \
  -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$ssh_port-:22,hostfwd=tcp:127.0.0.1:$http_port-:80" \
  -device virtio-net-pci,netdev=n0 \
  -netdev user,id=n1,net=10.0.3.0/24,restrict=on -device virtio-net-pci,netdev=n1
if boot_times cd && wait_ssh; then
  ok "cd: SSH as altus with the ECDSA key from the config drive"
  check "cd: hostname from the config drive" '^altus-test-cd$' 'hostname'
  check "cd: sudo runs as root without a password" '^0$' 'sudo id -u'
  check "cd: the shell takes Tempest's prologue (set -eu -o pipefail)" '^ok$' 'echo ok'
  check "cd: pipefail fails a pipeline" '^rc=1$' 'set +e; false | true; echo rc=$?'
  check "cd: lsblk lists disks, partitions and the CD-ROM by TYPE" '(disk.*part.*rom)' 'lsblk -n -o TYPE | sort -u | tr "\n" " "'
  check "cd: lsblk -lb --nodeps has the TYPE column" 'NAME.*TYPE' 'lsblk -lb --nodeps | head -n1'
  check "cd: blkid -L config-2 finds the config drive without root" '^/dev/sr0$' 'blkid -L config-2 -o device'
  check "cd: the config drive mounts and holds meta_data.json" "\"uuid\": \"$uuid1\"" \
    'sudo mount $(blkid -L config-2 -o device) /mnt && sudo cat /mnt/openstack/latest/meta_data.json; sudo umount /mnt'
  check "cd: mke2fs -t ext4, mount and a timestamp on a scratch disk" '^[A-Z][a-z]{2} ' \
    'sudo mke2fs -q -t ext4 /dev/vdb && sudo mount /dev/vdb /mnt && sudo sh -c "date > /mnt/timestamp; sync" && sudo cat /mnt/timestamp && sudo umount /mnt'
  check "cd: nc -l -k -e serves every connection (Tempest's nc_listen_host / nc_host)" '^foolish foolish $' \
    'sudo nc -p 8000 -lk -e echo foolish >/dev/null 2>&1 & sleep 1; for i in 1 2; do echo bar | nc -w 1 127.0.0.1 8000; done | tr "\n" " "'
  check "cd: nc -u -l -k -e answers UDP" '^foolish$' \
    'sudo nc -u -p 8001 -lk -e echo foolish >/dev/null 2>&1 & sleep 1; echo bar | nc -w 1 -u 127.0.0.1 8001'
  check "cd: curl" '^curl [0-9]' 'curl --version | head -n1'
  check "cd: ping as altus" '1 (packets )?received' 'ping -c1 -w1 -s56 10.0.2.2'
  check "cd: ip and awk find the NIC by MAC and by address" '^eth0 eth0$' \
    'mac=$(ip addr show eth0 | awk "/ether/ {print \$2}"); echo $(ip -o link | awk "/$mac/ {print \$2}" | tr -d :) $(ip -o addr | awk "/10.0.2.15/ {print \$2}")'
  check "cd: DHCP on every NIC, each with its udhcpc pid file" '^10.0.2.15/24 10.0.3.15/24 [0-9]+ [0-9]+$' \
    'echo $(ip -4 -o addr show eth0 | awk "{print \$4}") $(ip -4 -o addr show eth1 | awk "{print \$4}") $(cat /var/run/udhcpc.eth0.pid) $(cat /var/run/udhcpc.eth1.pid)'
  check "cd: kill -USR1 on udhcpc's pid file (Tempest's renew_lease)" '^sent$' \
    'sudo /bin/kill -USR1 $(cat /var/run/udhcpc.eth0.pid) && echo sent'
  for _ in $(seq 1 20); do grep -aq 'eth0 renew 10.0.2.15/24' "$console" && break; sleep 0.5; done
  if grep -aq 'eth0 renew 10.0.2.15/24' "$console"; then ok "cd: udhcpc renewed the lease on SIGUSR1"
  else bad "cd: no lease renewal on the console after SIGUSR1"; fi
  check "cd: the root filesystem grew to the 512 MiB disk" '^ok [0-9]+$' \
    'kb=$(df -k / | awk "NR == 2 {print \$2}"); [ "$kb" -gt 450000 ] && echo ok $kb'
  check "cd: cut reads /proc/uptime" '^[0-9]+$' 'cut -f1 -d. /proc/uptime'
  check "cd: DNS server in /etc/resolv.conf" '^nameserver 10.0.2.3' 'cat /etc/resolv.conf | grep nameserver | head -n1'
  check "cd: DHCP classless static routes (121) win over the router, the MTU (26) is set" \
    '^169.254.169.254 via 10.0.3.9 dev eth1 .*\|10.77.0.0/16 dev eth1 .*\|mtu 1400\|no-default$' \
    'sudo kill $(cat /var/run/udhcpc.eth1.pid); sleep 0.5
     sudo env interface=eth1 ip=10.0.3.15 mask=24 subnet=255.255.255.0 router=10.0.3.2 dns=10.0.3.3 mtu=1400 \
       staticroutes="169.254.169.254/32 10.0.3.9 10.77.0.0/16 0.0.0.0" /usr/share/udhcpc/default.script bound >/dev/null
     r1=$(ip route show 169.254.169.254 | head -n1); r2=$(ip route show 10.77.0.0/16 | head -n1)
     m=$(ip link show eth1 | grep -o "mtu [0-9]*"); d=$(ip route show | grep -q "^default.* dev eth1" && echo default || echo no-default)
     echo "$r1|$r2|$m|$d"'
  check "cd: writing to /dev/console (Tempest's write_to_console)" 'written' \
    'sudo sh -c "echo \"console-marker-$((40 + 2))\" >/dev/console" && echo written'
  if grep -aq 'console-marker-42' "$console"; then ok "cd: /dev/console writes reach the serial console log"
  else bad "cd: console-marker-42 not in the console log"; fi
  check "cd: the screen (tty1) shows a login prompt too" 'login:' 'sudo cat /dev/vcs1 | tr -s " " | tr -d "\000"'
  check "cd: user_data ran as root" '^user-data ran as 0: 42$' 'cat /run/altus/user-data.out'
  check "cd: RSA host key made in the background" 'rsa' \
    'for i in $(seq 1 120); do [ -s /etc/dropbear/dropbear_rsa_host_key ] && break; sleep 1; done; ls /etc/dropbear/ | tr "\n" " "'
  if ssh -o HostKeyAlgorithms=rsa-sha2-256 -i "$work/key" -p "$ssh_port" -o BatchMode=yes -o StrictHostKeyChecking=no \
      -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR altus@127.0.0.1 true; then ok "cd: SSH with an RSA host key"
  else bad "cd: SSH with an RSA host key failed"; fi
  if ssh_guest "$ssh_port" root true 2>/dev/null; then bad "cd: root logged in with the key"
  else ok "cd: root login with the key refused"; fi
  if out=$($py - "$ssh_port" "$work/key" <<'EOF' 2>&1
import sys, paramiko
port, keyfile = int(sys.argv[1]), sys.argv[2]
def run(**auth):
    c = paramiko.SSHClient(); c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect('127.0.0.1', port=port, username='altus', look_for_keys=False, allow_agent=False, timeout=30, **auth)
    _, out, _ = c.exec_command('set -eu -o pipefail; PATH=$PATH:/sbin:/usr/sbin; sudo id -u')
    text = out.read().decode().strip(); c.close(); return text
print(run(pkey=paramiko.ECDSAKey.from_private_key_file(keyfile)), run(password='altus'))
EOF
  ) && [ "$out" = "0 0" ]; then ok "cd: paramiko (as Tempest) logs in with the ECDSA key and with password 'altus'"
  else bad "cd: paramiko login: $out"; fi

  page=$(curl -s -m 20 "http://127.0.0.1:$http_port/")
  for want in altus-test-cd "$uuid1" "$fingerprint" 'user-data ran as 0: 42' 'config drive /dev/sr0'; do
    if grep -qF -- "$want" <<<"$page"; then ok "cd: the web page on port 80 shows $want"
    else bad "cd: the web page lacks $want: $(head -c 300 <<<"$page" | tr '\n' '|')"; fi
  done
  power_down cd
else
  bad "cd: no SSH as altus with the key; console end: $(tail -c 600 "$console" | tr '\n' '|')"
fi
kill "$qemu_pid" 2>/dev/null

# ---- boot 2: the metadata service ----------------------------------------------------------------
uuid2=$(cat /proc/sys/kernel/random/uuid)
md=$work/md
mkdir -p "$md/openstack/latest"
$py - "$md/openstack/latest/meta_data.json" "$uuid2" "$pubkey" <<'EOF'
import json, sys
json.dump({"uuid": sys.argv[2], "name": "altus-test-md", "hostname": "altus-test-md.novalocal",
           "public_keys": {"altus-test": sys.argv[3]}}, open(sys.argv[1], "w"))
EOF
printf '#!/bin/sh\necho "metadata user-data: $((7 * 6))"\n' >"$md/openstack/latest/user_data"
md_port=$(free_port)
$py -m http.server --bind 127.0.0.1 --directory "$md" "$md_port" >"$work/md.log" 2>&1 &
pids+=($!)
ssh_port=$(free_port) http_port=$(free_port)
# The guest's network is 169.254.169.0/24; its connections to 169.254.169.254:80 become, one by one,
# a pipe to that server on this host's loopback.
boot md \
  -netdev "user,id=n0,net=169.254.169.0/24,host=169.254.169.2,dhcpstart=169.254.169.15,hostfwd=tcp:127.0.0.1:$ssh_port-:22,hostfwd=tcp:127.0.0.1:$http_port-:80,guestfwd=tcp:169.254.169.254:80-cmd:busybox nc 127.0.0.1 $md_port" \
  -device virtio-net-pci,netdev=n0
if boot_times md && wait_ssh; then
  ok "md: SSH as altus with the key from the metadata service"
  check "md: hostname from the metadata service" '^altus-test-md.novalocal$' 'hostname'
  check "md: instance data came from the metadata service" 'metadata service http://169.254.169.254/openstack/latest' 'cat /run/altus/source'
  check "md: user_data from the metadata service ran" '^metadata user-data: 42$' 'cat /run/altus/user-data.out'
  check "md: curl reaches the metadata service (as test_server_basic_ops)" "\"uuid\": \"$uuid2\"" \
    'curl -s http://169.254.169.254/openstack/latest/meta_data.json'
  page=$(curl -s -m 20 "http://127.0.0.1:$http_port/")
  if grep -qF "$uuid2" <<<"$page" && grep -qF "$fingerprint" <<<"$page"; then ok "md: the web page shows the uuid and key fingerprint"
  else bad "md: the web page: $(head -c 300 <<<"$page" | tr '\n' '|')"; fi
  # With the OpenStack tree gone, the guest falls back to the EC2 tree of the same service.
  mkdir -p "$md/latest/meta-data/public-keys/0"
  echo i-0000002a >"$md/latest/meta-data/instance-id"
  echo altus-test-ec2 >"$md/latest/meta-data/hostname"
  echo 0=altus-test >"$md/latest/meta-data/public-keys/index.html"
  echo "$pubkey" >"$md/latest/meta-data/public-keys/0/openssh-key"
  printf '#!/bin/sh\necho ec2\n' >"$md/latest/user-data"
  mv "$md/openstack" "$md/openstack.off"
  check "md: the EC2 tree when the OpenStack one is missing (id, hostname, key, user-data)" \
    "^metadata service http://169.254.169.254/latest \(EC2\)\|i-0000002a\|altus-test-ec2\|$(sed 's/[+/]/./g' <<<"$fingerprint") MD5:[0-9a-f:]{47} altus-test\|1$" \
    'sudo /usr/lib/altus/instance-data >/dev/null; sudo /usr/lib/altus/apply-instance-data >/dev/null
     echo "$(cat /run/altus/source)|$(jq -r .uuid /run/altus/meta_data.json)|$(hostname)|$(cut -d" " -f2- /run/altus/key-fingerprints)|$(grep -c "^#!" /run/altus/user_data)"'
  power_down md
else
  bad "md: no SSH as altus with the key; console end: $(tail -c 600 "$console" | tr '\n' '|')"
fi
finish
