#!/usr/bin/env bash
# Whole builds side by side with the floor (benches/floor.rs), interleaved,
# on the same generated project: wall time, CPU (user+sys) and peak memory
# per run, then medians. Any number of briefbook binaries can be compared
# (e.g. one built from an older commit), each labelled by its path.
#
#   benches/side-by-side.sh N RUNS [BRIEFBOOK_BINARY ...]
#
# Example: benches/side-by-side.sh 10000 5 target/release/briefbook
#
# With MDBOOK set to an mdbook binary (`cargo install mdbook --locked`), a
# peer runs in the same rounds: mdBook building the same markdown as a book
# (benches/mdbook-peer.py): a page per entry, print.html, a search index.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}; runs=${2:-5}; shift 2 || true
bins=()
for b in "$@"; do bins+=("$(realpath "$b")"); done
[ ${#bins[@]} -eq 0 ] && bins=("$PWD/target/release/briefbook")
cargo build -q --release --example gen --example floor
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
target/release/examples/gen "$dir/p" "$n" >/dev/null
results="$dir/results"
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "$label %e %U %S %M" -a -o "$results" "$@" >/dev/null 2>&1
}
# Each binary builds its own copy of the project, over its own previous
# site (and spare): one binary's removed files must not slow another's.
# Two builds first, so that the timed ones are rebuilds in the steady
# state (a previous site and a spare beside it).
for i in "${!bins[@]}"; do
  cp -a "$dir/p" "$dir/p$i"
  (cd "$dir/p$i" && "${bins[$i]}" build -q && "${bins[$i]}" build -q) >/dev/null 2>&1
done
# The floor too writes over its own last output in every timed run.
target/release/examples/floor "$dir/p" "$dir/floor-out" >/dev/null
if [ -n "${MDBOOK:-}" ]; then
  python3 benches/mdbook-peer.py "$dir/p" "$dir/book"
  (cd "$dir/book" && "$MDBOOK" build) >/dev/null 2>&1
fi
for _ in $(seq "$runs"); do
  measure floor target/release/examples/floor "$dir/p" "$dir/floor-out"
  if [ -n "${MDBOOK:-}" ]; then
    (cd "$dir/book" && measure "mdbook (peer)" "$MDBOOK" build)
  fi
  for i in "${!bins[@]}"; do
    (cd "$dir/p$i" && measure "${bins[$i]}" "${bins[$i]}" build -q)
  done
done
last=$((${#bins[@]} - 1))
du_floor=$(du -sb "$dir/floor-out" | cut -f1)
du_site=$(du -sb "$dir/p$last/site" | cut -f1)
python3 - "$results" "$n" "$du_floor" "$du_site" "$dir/p$last/site" "$dir/book/book" <<'PY'
import os, sys, statistics as st
rows = {}
for line in open(sys.argv[1]):
    try:
        *label, wall, user, sys_, rss = line.split()
        row = (float(wall), float(user) + float(sys_), int(rss) / 1024)
    except ValueError:  # not a line of the format above
        continue
    rows.setdefault(" ".join(label), []).append(row)
floor = st.median(w for w, _, _ in rows["floor"])
print(f"{sys.argv[2]} briefs, medians of {len(rows['floor'])} interleaved runs")
print(f"{'':40} {'wall':>8} {'CPU':>8} {'peak MiB':>9} {'× floor':>8}")
for label, r in rows.items():
    w = st.median(x[0] for x in r); c = st.median(x[1] for x in r); m = st.median(x[2] for x in r)
    print(f"{label[-40:]:40} {w:8.2f} {c:8.2f} {m:9.0f} {w / floor:8.1f}")
print(f"output: floor {int(sys.argv[3]) / 1e6:.0f} MB, site {int(sys.argv[4]) / 1e6:.0f} MB (the last binary's)")
book = sys.argv[6]  # the peer's output, when MDBOOK was set
if os.path.isdir(book):
    total = sum(os.path.getsize(os.path.join(r, n)) for r, _, ns in os.walk(book) for n in ns)
    print(f"mdbook (peer): {total / 1e6:.0f} MB")
site = sys.argv[5]
def size(*parts):
    top = os.path.join(site, *parts)
    if os.path.isfile(top):
        return os.path.getsize(top), 1
    total = files = 0
    for root, _, names in os.walk(top):
        for name in names:
            total += os.path.getsize(os.path.join(root, name)); files += 1
    return total, files
briefs = int(sys.argv[2])
pages, count = size("briefs")
print(f"brief pages: {pages / max(count, 1) / 1e3:.1f} kB each ({count} files)")
search, files = size("search")
print(f"search index: {search / 1e6:.1f} MB in {files} files, {search / max(briefs, 1) / 1e3:.2f} kB per brief")
for name in ["print.html", "edition.json", "feed.xml", "index.html"]:
    print(f"{name}: {size(name)[0] / 1e6:.1f} MB")
PY
