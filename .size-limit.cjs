// Budgets for what an app ships (minified and gzipped, as its bundler would), and the sizes of
// the Node-only entries, bundled for Node. `npm test` fails over a limit. Each limit sits just
// above the measured size, so nothing grows unnoticed: raise one only with a reason.
//
// The goal for `getQQRunData` is 700 B and it is not met: `npm run bench` reports the goal as
// missed, and the README says why.
const node = (config) => ({ ...config, platform: 'node' })

module.exports = [
  {
    name: "import { getQQRunData } from 'taro-qq-run-data'",
    path: 'dist/index.mjs',
    import: '{ getQQRunData }',
    gzip: true,
    // 1060 B before syncRunData; the contract's parameter check, now shared with it, is one more
    // name exported by the chunk the polyfill shares (+2 B).
    limit: '1.07 kB',
  },
  {
    name: "import { getWeRunData } from 'taro-qq-run-data'",
    path: 'dist/index.mjs',
    import: '{ getWeRunData }',
    gzip: true,
    limit: '1.06 kB',
  },
  {
    name: "import { getRunData } from 'taro-qq-run-data'",
    path: 'dist/index.mjs',
    import: '{ getRunData }',
    gzip: true,
    limit: '1.39 kB',
  },
  {
    name: "import { loginAndGetRunData } from 'taro-qq-run-data'",
    path: 'dist/index.mjs',
    import: '{ loginAndGetRunData }',
    gzip: true,
    limit: '1.39 kB',
  },
  {
    name: "import { loginAndGetQQRunData } from 'taro-qq-run-data'",
    path: 'dist/index.mjs',
    import: '{ loginAndGetQQRunData }',
    gzip: true,
    limit: '1.39 kB',
  },
  {
    name: "import { syncRunData } from 'taro-qq-run-data'",
    path: 'dist/index.mjs',
    import: '{ syncRunData }',
    gzip: true,
    // The contract (about 1 kB, shared with every call) and the login-once and cloud flows.
    limit: '2.23 kB',
  },
  {
    name: "import * from 'taro-qq-run-data' (the whole root entry)",
    path: 'dist/index.mjs',
    import: '*',
    gzip: true,
    // syncRunData adds 1.07 kB to the 1.84 kB of the other calls.
    limit: '2.92 kB',
  },
  {
    name: "import 'taro-qq-run-data/polyfill' (without @tarojs/taro itself)",
    path: 'dist/polyfill.mjs',
    import: '{}',
    gzip: true,
    ignore: ['@tarojs/taro'],
    limit: '1.31 kB',
  },
  {
    name: "import * from 'taro-qq-run-data/server' (Node)",
    path: 'dist/server.mjs',
    import: '*',
    gzip: true,
    modifyEsbuildConfig: node,
    // WeChat's code2Session (platforms, errcode advice), the optional-watermark rules and
    // createRunDataHandler. The pipeline's containment (capped and scrubbed platform answers,
    // body timeouts, the 413 drain, 100-continue) with the unknown-option checks added 1.44 kB,
    // the session stores and cloudRunData 1.05 kB, sessions in the handler 1 kB (2026-12-05).
    limit: '10.75 kB',
  },
  {
    name: "import { createRunDataHandler } from 'taro-qq-run-data/server' (Node)",
    path: 'dist/server.mjs',
    import: '{ createRunDataHandler }',
    gzip: true,
    modifyEsbuildConfig: node,
    // With its sessions (token, hashing, the relogin rule); the stores themselves are apart.
    limit: '8.95 kB',
  },
  {
    name: "import * from 'taro-qq-run-data/testing' (Node)",
    path: 'dist/testing.mjs',
    import: '*',
    gzip: true,
    modifyEsbuildConfig: node,
    // mockWeChatRuntime, startFakeCode2SessionServer and listenOnLoopback; request over fetch,
    // checkSession, storage, expireSession and wx.cloud (about 0.95 kB); the fake's errmsgs and the
    // mocks' appids read from the one platform table, whose errcode hints come along (0.44 kB).
    limit: '5.95 kB',
  },
  {
    name: "plugins: ['taro-qq-run-data/taro-plugin'] (Node, at build time only)",
    path: 'dist/taro-plugin.cjs',
    gzip: true,
    modifyEsbuildConfig: node,
    limit: '500 B',
  },
]
