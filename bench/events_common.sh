# Sourced by bench/events_*.sh: picks the coder command. `tamga code --stdin` when the binary
# builds and has it (with `--only` when the run needs no shipped dictionaries), else the
# tamga-events example `code_stdin`, which reads the same records and writes the same events.
# Sets CODER (an array); call as: pick_coder [--only]
pick_coder() {
    local need_only=${1:-}
    local target=${CARGO_TARGET_DIR:-target}
    local bin=$target/release/tamga
    if cargo build --release -q -p tamga 2>/dev/null \
        && help=$("$bin" code --help 2>/dev/null) && grep -q -- '--stdin' <<<"$help" \
        && { [ -z "$need_only" ] || grep -q -- '--only' <<<"$help"; }; then
        CODER=("$bin" code --stdin ${need_only:+--only})
        CODER_DICT=(--dict)
    else
        cargo build --release -q -p tamga-events --example code_stdin
        CODER=("$target/release/examples/code_stdin" ${need_only:+--only})
        CODER_DICT=()
    fi
}

# Dictionary arguments in the chosen coder's syntax.
dict_args() {
    local d
    for d in "$@"; do
        printf '%s\n' "${CODER_DICT[@]}" "$d"
    done
}
