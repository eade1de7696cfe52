#!/bin/sh
# Rebuilds data/petrarch/ from the PETRARCH2 dictionaries (MIT, Open Event Data Alliance):
# https://github.com/openeventdata/petrarch2, commit 676801cd9cb2924bbbad09f86d15c9323e7097bf,
# directory petrarch2/data/dictionaries/. The files are copied unchanged and gzipped (-9 -n,
# reproducible) because tamga compiles them in with include_bytes!.
#
# Usage: data/tools/petrarch-dicts.sh [SOURCE_DIR]
#   SOURCE_DIR defaults to ../shared/bench/petrarch/dictionaries (the same files, checked
#   byte-identical to that commit); a checkout of petrarch2/data/dictionaries works too.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-$here/../../shared/bench/petrarch/dictionaries}
out=$here/petrarch
mkdir -p "$out"
for f in Phoenix.Countries.actors.txt Phoenix.International.actors.txt \
         Phoenix.MilNonState.actors.txt Phoenix.agents.txt CAMEO.2.0.txt \
         Phoenix.discards.txt Phoenix.IssueCoding.txt; do
  gzip -9 -n -c "$src/$f" > "$out/$f.gz"
done
# The license travels with the files.
if [ -f "$src/LICENSE.upstream" ]; then cp "$src/LICENSE.upstream" "$out/LICENSE"; else cp "$src/../../../LICENSE" "$out/LICENSE"; fi
sha256sum "$src"/Phoenix.*.txt "$src"/CAMEO.2.0.txt | sed "s|$src/||"
