#!/usr/bin/env bash
# Builds the harness, instruments PrivacyGuard.Core and PrivacyGuard.AspNetCore with SharpFuzz, and fuzzes one target
# with AFL++ for the given number of seconds (default 3600). Findings go to fuzz/findings/<target>/ (ignored by git).
#
#   fuzz/run.sh <email|ip|json|ciphertext|forwarded> [seconds]
#
# Needs afl-fuzz (Debian: apt-get install afl++) and the .NET SDK; restores the sharpfuzz tool from dotnet-tools.json.
set -euo pipefail

targets="email ip json ciphertext forwarded"
target="${1:-}"
seconds="${2:-3600}"
if [[ -z "$target" || " $targets " != *" $target "* ]]; then
  echo "usage: fuzz/run.sh <${targets// /|}> [seconds]" >&2
  exit 2
fi

fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_dir="$(dirname "$fuzz_dir")"
out_dir="$fuzz_dir/.build"
findings_dir="$fuzz_dir/findings/$target"
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 1; }

cd "$repo_dir"
dotnet tool restore >/dev/null
# Release build in its own, fresh folder: instrumenting rewrites assemblies in place, and never touches bin/.
rm -rf "$out_dir"
dotnet publish fuzz/PrivacyGuard.Fuzzing -c Release -o "$out_dir" --nologo -v quiet
for assembly in PrivacyGuard.Core.dll PrivacyGuard.AspNetCore.dll; do
  dotnet sharpfuzz "$out_dir/$assembly"
done

mkdir -p "$findings_dir"
# A resumed run keeps its queue: -i - continues from findings_dir; a fresh run starts from the committed corpus.
input="$fuzz_dir/corpus/$target"
[[ -d "$findings_dir/default/queue" ]] && input="-"

export AFL_SKIP_BIN_CHECK=1                 # the target is dotnet, instrumented by SharpFuzz, not by afl-cc
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_SKIP_CPUFREQ=1
export AFL_NO_AFFINITY=1                    # shared machines: do not pin a core
export AFL_AUTORESUME=1
[[ -t 1 ]] || export AFL_NO_UI=1
exec afl-fuzz -i "$input" -o "$findings_dir" -V "$seconds" -t 5000 -m none \
  -x "$fuzz_dir/dictionaries/$target.dict" \
  -- dotnet "$out_dir/PrivacyGuard.Fuzzing.dll" "$target"
