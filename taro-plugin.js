// Taro resolves plugins with the `resolve` package, which ignores the exports map, so
// `plugins: ['taro-qq-run-data/taro-plugin']` needs a file at this path.
module.exports = require('./dist/taro-plugin.cjs')
