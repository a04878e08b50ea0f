// babel-preset-taro options: https://docs.taro.zone/docs/3.x/babel-config
module.exports = {
  presets: [['taro', { framework: 'react', ts: true }]],
}
