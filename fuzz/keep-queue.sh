#!/usr/bin/env bash
# Copies what a run discovered into the committed corpus: the queue entries of fuzz/findings/<target>/ that found new
# coverage (+cov), smallest first, at most [max] (default 30), as fuzz/corpus/<target>/found-<id>.
# (afl-cmin would be the better minimiser, but its afl-showmap fork-server handshake fails with SharpFuzz's
# out-of-process mode; afl-fuzz itself works.)
#
#   fuzz/keep-queue.sh <target> [max]
set -euo pipefail
target="${1:?usage: fuzz/keep-queue.sh <target> [max]}"
max="${2:-30}"
fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
queue="$fuzz_dir/findings/$target/default/queue"
corpus="$fuzz_dir/corpus/$target"
[[ -d "$queue" ]] || { echo "no queue at $queue: run fuzz/run.sh $target first" >&2; exit 1; }

find "$queue" -maxdepth 1 -type f -name 'id:*+cov*' -size +0 -printf '%s %p\n' | sort -n | head -n "$max" |
  while read -r _ path; do
    id="$(basename "$path" | sed -E 's/^id:([0-9]+).*/\1/')"
    # Skip inputs already in the corpus under another name.
    if ! cmp -s "$path" <(true) && ! find "$corpus" -type f -exec cmp -s "$path" {} \; -print | grep -q .; then
      cp "$path" "$corpus/found-$id"
    fi
  done
ls "$corpus" | wc -l | xargs echo "files in $corpus:"
