#!/usr/bin/env bash
# bench/proxy/perf-summary.sh - where a server process spent its CPU in a `perf record -e cpu-clock -g` profile:
# kernel against user space, the kernel split by what it was doing, user space split into JIT-compiled Java, the
# JVM itself (libjvm: GC, compiler, runtime), native libraries (Netty's transport, libc), then the top symbols.
# JIT frames are named when the JVM wrote /tmp/perf-<pid>.map (`jcmd <pid> Compiler.perfmap`) before perf report runs.
#
#   bench/proxy/perf-summary.sh FILE.perf.data [LABEL] [TOP=20]
set -euo pipefail
[ $# -ge 1 ] && [ -s "$1" ] || { echo "usage: perf-summary.sh FILE.perf.data [LABEL] [TOP]" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf-summary.sh needs 'perf' (Debian: linux-perf)" >&2; exit 2; }
perf report -i "$1" --no-children --sort dso,sym -g none --percent-limit 0 --stdio 2>/dev/null |
python3 -c '
import re, sys
label, top = sys.argv[1], int(sys.argv[2])
rows = []
for line in sys.stdin:
    m = re.match(r"\s*([\d.]+)%\s+(.+?)\s+\[(.)\]\s+(.*\S)", line)
    if m:
        rows.append((float(m.group(1)), m.group(2), m.group(3), m.group(4)))
if not rows:
    print(f"{label}: no samples"); sys.exit(0)
KERNEL = [  # first match wins: what the kernel was doing for the process
    ("scheduler, context switches, wake-ups", r"schedule|switch|ttwu|wake|enqueue|dequeue|pick_next|update_curr|"
        r"select_task|idle|irqrestore|unlock_irq"),
    ("io_uring", r"^io_|io_uring|__io_"),
    ("epoll", r"ep_|epoll"),
    ("TCP/IP and sockets", r"tcp|inet|ip_|ipv4|sock|skb|__dev|netif|net_rx|napi|loopback|sk_|dst_|nf_|bbr|neigh|"
        r"raw_|__sys_send|__sys_recv|recv|send"),
    ("copies and memory", r"copy|memcpy|memset|kmalloc|kfree|kmem|alloc|page|__check_object_size|folio|slab"),
    ("system call entry and exit", r"syscall|entry_|do_syscall|exit_to_user|fget|fput|fdget"),
]
def kernel_kind(sym):
    for name, pattern in KERNEL:
        if re.search(pattern, sym):
            return name
    return "other kernel"
def user_kind(dso, sym):
    if "[JIT]" in dso or dso.startswith("perf-"):  # "[JIT] tid N", or "perf-N.map" with older perf
        return "Java, JIT-compiled"
    if "libjvm" in dso:
        return "JVM (GC, compiler, runtime)"
    if "netty" in dso:
        return "Netty native transport"
    if "libc" in dso or "vdso" in dso:
        return "libc, vdso"
    if dso.rsplit("/", 1)[-1] == "nginx":
        return "nginx"
    return "other user space: " + dso
kinds = {}
for pct, dso, level, sym in rows:
    k = ("kernel: " + kernel_kind(sym)) if level == "k" else ("user: " + user_kind(dso, sym))
    kinds[k] = kinds.get(k, 0) + pct
kernel = sum(p for p, _, l, _ in rows if l == "k")
print(f"{label}: kernel {kernel:.1f} %, user space {100 - kernel:.1f} % of the samples")
for k, p in sorted(kinds.items(), key=lambda kv: -kv[1]):
    if p >= 0.5:
        print(f"  {p:5.1f} %  {k}")
print(f"  top {top} symbols:")
for pct, dso, level, sym in sorted(rows, key=lambda r: -r[0])[:top]:
    print(f"  {pct:5.1f} %  [{level}] {sym[:110]}")
' "${2:-$(basename "$1")}" "${3:-20}"
