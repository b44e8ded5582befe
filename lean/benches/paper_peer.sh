#!/usr/bin/env bash
# Builds the peer of `cargo bench -p taskgroup-lean --bench process`: the
# paper's own network-selection search (network_selection/main.cpp of
# github.com/tstandley/taskgrouping, commit bb1496e, MIT licence), which is
# not part of this repository. Usage:
#
#   lean/benches/paper_peer.sh PATH/TO/main.cpp OUT_BINARY
#
# Two edits, made on a copy: its `main` (the four settings' hard-coded file
# names) becomes the `optimal` part of its `do_setting` for the files given
# as arguments (`OUT_BINARY VAL TEST` prints the optimal curve scored on
# TEST), and its half-size row parser's five-column vector takes the table's
# width, so that tables of any n are read. Compiled with g++ -O2.
set -euo pipefail
src="$1"
out="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Everything before the original main, then a main of our own.
sed -n '/^int main() {/q;p' "$src" \
    | sed 's/vector<double> infs({inf,inf,inf,inf,inf});/vector<double> infs(nline.size(), inf);/' \
    > "$work/main.cpp"
grep -q 'infs(nline.size(), inf)' "$work/main.cpp" || { echo "paper_peer.sh: $src is not the expected main.cpp" >&2; exit 1; }
cat >> "$work/main.cpp" <<'CPP'
int main(int argc, char **argv) {
    if (argc != 3) { cerr << "usage: " << argv[0] << " VAL TEST" << endl; return 2; }
    auto val_perfs = get_model_performances(argv[1]);
    auto test_perfs = get_model_performances(argv[2]);
    cout << "optimal = ";
    auto perfs = compute_and_print(val_perfs, test_perfs);
    cout << '[';
    for (auto p : perfs) cout << p << ", ";
    cout << "\b\b]" << endl;
    return 0;
}
CPP
g++ -O2 -std=c++17 -o "$out" "$work/main.cpp"
