// A TypeDoc plugin: names each module of the API reference after the import path that brings it
// (`taro-qq-run-data/server`) instead of its source folder (`server`).
import { Converter } from 'typedoc'

const NAMES = {
  client: 'taro-qq-run-data',
  server: 'taro-qq-run-data/server',
  testing: 'taro-qq-run-data/testing',
  'taro-plugin': 'taro-qq-run-data/taro-plugin',
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.children ?? []) module.name = NAMES[module.name] ?? module.name
  })
}
