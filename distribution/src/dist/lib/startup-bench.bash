# bin/bench --startup: how fast the daemons start and how much memory they hold when idle. Sourced by bin/bench.
#
# For nsqd and nsqlookupd, each started --starts times on free loopback ports (nsqd with a fresh --data-path):
# the time from starting the launcher to the first "200" answer to GET /ping, and the resident memory (VmRSS)
# once the daemon has sat idle for --idle after that answer. Then the time `nsqd --version` takes, as often.
# Prints medians, with minimum and maximum. A benchmark: it fails only when a daemon does not start.

startup_starts=10
startup_idle=2

# A sleep that is a builtin (read with a timeout on a pipe nobody writes to): polling must not fork.
exec {startup_sleep_fd}<> <(:)
startup_nap() {
    read -r -t "$1" -u "$startup_sleep_fd" || true
}

# Answers true when GET /ping on 127.0.0.1:$1 says 200.
startup_ping() {
    local status
    { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
    printf 'GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&"$fd"
    read -r -t 5 -u "$fd" status || status=
    exec {fd}>&-
    [[ $status == "HTTP/1.1 200"* ]]
}

# median min max of the numbers given
startup_stats() {
    local sorted
    mapfile -t sorted < <(printf '%s\n' "$@" | sort -n)
    echo "${sorted[$((${#sorted[@]} / 2))]} ${sorted[0]} ${sorted[-1]}"
}

# Milliseconds from $2 (microseconds since the epoch) to the time of the first line of log $1 matching $3.
startup_log_ms() {
    local line stamp
    line=$(grep -m 1 -e "$3" "$1") || { echo 0; return; }
    [[ $line =~ ([0-9]{4})/([0-9]{2})/([0-9]{2})\ ([0-9:]{8})\.([0-9]{6}) ]] || { echo 0; return; }
    stamp=$(date -d "${BASH_REMATCH[1]}-${BASH_REMATCH[2]}-${BASH_REMATCH[3]} ${BASH_REMATCH[4]}" +%s)
    echo $(((stamp * 1000000 + 10#${BASH_REMATCH[5]} - $2) / 1000))
}

# startup_daemon NAME COMMAND: times --starts starts of the daemon
startup_daemon() {
    local name=$1 command=$2 i pid t0 t1 http tcp data rss times=() rsss=() firsts=() listens=() args median min max
    for ((i = 0; i < startup_starts; i++)); do
        http=$(free_port)
        taken=("$http")
        tcp=$(free_port)
        args=(--http-address="127.0.0.1:$http" --tcp-address="127.0.0.1:$tcp")
        if [[ $name == nsqd ]]; then
            data=$(mktemp -d "$data_path/nsqd.XXXXXX")
            args+=(--data-path="$data")
        fi
        t0=${EPOCHREALTIME/./}
        "$command" "${args[@]}" >"$log" 2>&1 &
        pid=$!
        nsqd_pid=$pid # stopped by bin/bench's clean-up if anything fails
        until startup_ping "$http"; do
            kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "$name exited during start-up"; }
            startup_nap 0.003
        done
        t1=${EPOCHREALTIME/./}
        times+=($(((t1 - t0) / 1000)))
        firsts+=("$(startup_log_ms "$log" "$t0" " INFO: ")")
        listens+=("$(startup_log_ms "$log" "$t0" "HTTP: listening")")
        startup_nap "$startup_idle"
        rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
        rsss+=($((rss / 1024)))
        kill -TERM "$pid"
        wait "$pid" || true
        nsqd_pid=
    done
    read -r median min max < <(startup_stats "${times[@]}")
    printf 'startup: %-11s start to /ping: median %d ms (min %d, max %d, %d starts)' "$name" "$median" "$min" \
        "$max" "$startup_starts"
    read -r median min max < <(startup_stats "${rsss[@]}")
    printf '; idle RSS: median %d MB (min %d, max %d, %ss after /ping)\n' "$median" "$min" "$max" "$startup_idle"
    printf '#   medians: first log line at %d ms, HTTP listening at %d ms\n' "$(startup_stats "${firsts[@]}" | cut -d' ' -f1)" \
        "$(startup_stats "${listens[@]}" | cut -d' ' -f1)" >&2
}

startup_version() {
    local command=$1 i t0 t1 times=() median min max
    for ((i = 0; i < startup_starts; i++)); do
        t0=${EPOCHREALTIME/./}
        "$command" --version >/dev/null 2>&1 || die "$command --version failed"
        t1=${EPOCHREALTIME/./}
        times+=($(((t1 - t0) / 1000)))
    done
    read -r median min max < <(startup_stats "${times[@]}")
    printf 'startup: %-11s --version: median %d ms (min %d, max %d, %d runs)\n' "nsqd" "$median" "$min" "$max" \
        "$startup_starts"
}

startup_bench() {
    local lookupd=${NSQLOOKUPD:-$jnsq_home/bin/nsqlookupd}
    (
        . "$jnsq_home/lib/launcher.bash"
        jnsq_app=nsqd
        jnsq_find_java
        jnsq_cds_options
        echo "# java: $jnsq_java (Java $jnsq_major); start-up archive: ${jnsq_cds[0]:-none}"
    ) >&2
    startup_daemon nsqd "$nsqd"
    startup_daemon nsqlookupd "$lookupd"
    startup_version "$nsqd"
}
