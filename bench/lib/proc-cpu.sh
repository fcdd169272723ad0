# bench/lib/proc-cpu.sh - CPU time of processes and threads from /proc, for the benchmark scripts (source it).
# Fields 14 and 15 of /proc/<pid>/stat (utime, stime) counted after the ")" that ends the command name, so a name
# with spaces cannot shift them. Clock ticks: divide by `getconf CLK_TCK`.

# proc_cpu_ticks PID (or PID/task/TID): "user kernel" ticks; "0 0" when the process is gone
proc_cpu_ticks() { awk '{sub(/^.*\) /,""); print $12, $13}' /proc/"$1"/stat 2>/dev/null || echo "0 0"; }

# proc_cpu_total PID...: user + kernel ticks, summed over the processes given
proc_cpu_total() {
  local total=0 pid user kernel
  for pid in "$@"; do read -r user kernel < <(proc_cpu_ticks "$pid"); total=$((total + user + kernel)); done
  echo "$total"
}
