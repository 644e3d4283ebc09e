'use strict'
// npm "install" hook. On Linux: load a prebuilt addon or compile it
// (node-gyp-build). Elsewhere: nothing to build, the package works as
// plain TCP and support() says why.
//
// A failed build fails the install only in this package's own checkout
// (INIT_CWD is where npm was started); as someone else's dependency it
// warns and the package runs over TCP with support().reason === 'addon'.
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

if (process.platform !== 'linux') {
  console.log(`mptcp: ${process.platform} has no Multipath TCP; using plain TCP, no native build`)
  process.exit(0)
}

const root = path.join(__dirname, '..')
const bin = require.resolve('node-gyp-build/bin.js')
const env = { ...process.env }
// Build offline against the running Node's own headers when they are
// installed next to it (/usr/bin/node -> /usr/include/node), instead of
// letting node-gyp download them.
const prefix = path.join(path.dirname(process.execPath), '..')
if (!env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) {
  env.npm_config_nodedir = prefix
}
const result = spawnSync(process.execPath, [bin], { cwd: root, stdio: 'inherit', env })
if (result.status === 0) process.exit(0)

const ownCheckout = path.resolve(process.env.INIT_CWD || '') === root
if (ownCheckout) process.exit(result.status ?? 1)
console.warn('mptcp: the native addon could not be built; sockets will be plain TCP.')
console.warn('mptcp: run `npx mptcp doctor` for details.')
process.exit(0)
