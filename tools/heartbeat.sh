# Sourced by the scripts whose steps are silent for minutes (debootstrap, the first jar build):
# heartbeat LABEL LOG COMMAND... runs COMMAND with its output (standard output and error) in the
# file LOG, and while it runs prints every 20 s on standard error how long it has taken and the
# last line of LOG that is not blank, so a newcomer sees it is working. Returns COMMAND's status.
heartbeat() {
    local label=$1 log=$2 start=$SECONDS pid status=0 last
    shift 2
    "$@" > "$log" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2> /dev/null; do
        for _ in $(seq 1 20); do
            kill -0 "$pid" 2> /dev/null || break
            sleep 1
        done
        kill -0 "$pid" 2> /dev/null || break
        last=$(tail -n 20 "$log" 2> /dev/null | tr -d '\r' | grep -v '^[[:space:]]*$' | tail -n 1 | cut -c1-80)
        echo "$label: $((SECONDS - start))s${last:+, $last}" >&2
    done
    wait "$pid" || status=$?
    return "$status"
}
