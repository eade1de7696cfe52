#!/bin/sh
# Generates the large bad inputs that are not committed: a 100 MB single text line, a
# 100 MB JSONL line between two good lines, a WARC with a 100 MB HTML record before a good
# one, and a gzip bomb (default 10 GiB of zeros in ~45 MB). Takes about a minute.
#
# Usage: tests/bad-inputs/make-large.sh OUT_DIR [BOMB_GIB]
# Then:  TAMGA_BAD_LARGE=OUT_DIR cargo test -p tamga-ingest --test bad_inputs --release
set -eu

out=${1:?usage: make-large.sh OUT_DIR [BOMB_GIB]}
bomb_gib=${2:-10}
mkdir -p "$out"
mb=104857600 # 100 MiB

# 100 MB on one line, no newline anywhere.
head -c "$mb" /dev/zero | tr '\0' 'x' >"$out/text-line-100mb.txt"

# JSONL: good line, a 100 MB line, good line.
{
    printf '{"id": "first", "text": "The first record is fine."}\n'
    printf '{"id": "huge", "text": "'
    head -c "$mb" /dev/zero | tr '\0' 'y'
    printf '"}\n'
    printf '{"id": "last", "text": "The last record is fine too."}\n'
} >"$out/jsonl-line-100mb.jsonl"

# WARC (gzip per record): a 100 MB text/html response, then a small good one.
record() { # uri body_file
    body_len=$(wc -c <"$2")
    http_head='HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n'
    http_len=$(printf "$http_head" | wc -c)
    printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n' \
        "$1" $((body_len + http_len))
    printf "$http_head"
    cat "$2"
    printf '\r\n\r\n'
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
    printf '<html><body><p>'
    head -c "$mb" /dev/zero | tr '\0' 'z'
    printf '</p></body></html>'
} >"$tmp/big.html"
printf '<html><body><p>A small page after the huge one, read as usual.</p></body></html>' >"$tmp/small.html"
{
    record http://example.org/huge "$tmp/big.html" | gzip -1
    record http://example.org/small "$tmp/small.html" | gzip -1
} >"$out/warc-record-100mb.warc.gz"

# Gzip bomb: BOMB_GIB GiB of zeros.
head -c "$((bomb_gib * 1024 * 1024 * 1024))" /dev/zero | gzip -1 >"$out/gzip-bomb.txt.gz"

ls -l "$out"
