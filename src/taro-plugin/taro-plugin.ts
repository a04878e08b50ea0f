// A Taro CLI plugin, loaded by `taro build` in Node; nothing here reaches an app's bundle.
//
// Why it exists: on H5, Taro's platform plugin (@tarojs/plugin-platform-h5) runs
// babel-plugin-transform-taroapi over app code, and that babel plugin turns every `Taro.<api>`
// named in its `definition.apis` into a named import of Taro's H5 implementation. `getQQRunData`
// and `getWeRunData` are on that list, so `Taro.getQQRunData(...)` would call Taro's H5
// placeholder and never what `taro-qq-run-data/polyfill` put on the default Taro object. Without
// the names in the list the call stays a property access on that object.
//
// How: the platform passes `definition: require(<its dist>/definition.json)` to the babel plugin,
// both in its webpack chain and in its `taro:vite-h5-api` vite plugin (platform-h5 4.2.1
// dist/index.js; 3.6.40 has the webpack chain only). `require` caches the parsed JSON once per
// process, so taking the two names out of that one object before the build starts covers every
// runner that calls into the platform: webpack4, webpack5 and vite, Taro 3.6 and 4.x.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const APIS = ['getQQRunData', 'getWeRunData'] as const
const NAME = 'taro-qq-run-data/taro-plugin'

// The package folder of the H5 platform within a resolved plugin path, with either separator.
const H5_PLATFORM = /^(.*[\\/]@tarojs[\\/]plugin-platform-h5)[\\/]/

/** A plugin as Taro's Kernel keeps it in `ctx.plugins` (`IPlugin` of `@tarojs/service`). */
interface RegisteredPlugin {
  path: string
}

/** The slice of Taro's plugin context (`IPluginContext` of `@tarojs/service`) that the plugin uses. */
interface TaroPluginContext {
  plugins: Map<string, RegisteredPlugin>
  onBuildStart(fn: () => void): void
}

interface TaroApiDefinition {
  apis: Record<string, unknown>
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value == 'object' && value !== null

/**
 * The file the H5 platform `require`s as its API definition, or undefined when no registered
 * plugin is @tarojs/plugin-platform-h5 with a `dist/definition.json` (another Taro version, a
 * platform that builds H5 some other way, or not an H5 build: Taro registers only the platform
 * it builds for).
 */
function h5DefinitionFile(plugins: Map<string, RegisteredPlugin>): string | undefined {
  for (const plugin of plugins.values()) {
    const folder = isObject(plugin) && typeof plugin.path == 'string' ? H5_PLATFORM.exec(plugin.path)?.[1] : undefined
    const file = folder && join(folder, 'dist', 'definition.json')
    if (file && existsSync(file)) return file
  }
  return undefined
}

const warn = (message: string) => console.warn(`[${NAME}] ${message}`)

/**
 * A Taro CLI plugin that lets `import 'taro-qq-run-data/polyfill'` take effect on H5. On H5,
 * Taro's babel-plugin-transform-taroapi compiles `Taro.getQQRunData(...)` and
 * `Taro.getWeRunData(...)` in app code to Taro's own H5 placeholders; before the build starts, this
 * plugin takes both names off the API list that @tarojs/plugin-platform-h5 gives that babel plugin,
 * so the calls reach the polyfilled functions. Works with the webpack4, webpack5 and vite
 * compilers, Taro 3.6 and 4.x; other platforms are left alone. Warns on an H5 build where it
 * cannot find that list. Functions imported from `taro-qq-run-data` need no plugin.
 *
 * @example
 * // config/index.ts
 * export default defineConfig(() => ({
 *   plugins: ['taro-qq-run-data/taro-plugin'],
 *   // …
 * }))
 */
export default function taroQQRunData(ctx: TaroPluginContext): void {
  ctx.onBuildStart(() => {
    const file = h5DefinitionFile(ctx.plugins)
    // The very object the platform will `require`: Node caches a JSON module by its real path.
    const definition: unknown = file && require(file)
    if (isObject(definition) && isObject(definition.apis)) {
      for (const api of APIS) delete (definition as unknown as TaroApiDefinition).apis[api]
    } else if (process.env.TARO_ENV == 'h5') {
      warn(
        "found no API definition of @tarojs/plugin-platform-h5 to change, so Taro.getQQRunData and Taro.getWeRunData may still be Taro's H5 placeholders. Call getQQRunData from 'taro-qq-run-data' instead.",
      )
    }
  })
}
