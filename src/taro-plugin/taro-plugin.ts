// A Taro CLI plugin, loaded by `taro build` in Node; nothing here reaches an app's bundle.
//
// Why it exists: on H5, Taro's platform plugin adds babel-plugin-transform-taroapi to the script
// rule, and that babel plugin turns every `Taro.<api>` named in its `definition.apis` into a named
// import of Taro's H5 implementation. `getQQRunData` is on that list, so `Taro.getQQRunData(...)`
// would call Taro's H5 placeholder and never what `taro-qq-run-data/polyfill` put on the default
// Taro object. Without the name in the list the call stays a property access on that object.

// Declared locally, as in platform.ts: every src/*.ts file is also type-checked with the client
// build, which has no Node types.
declare const process: { env: Record<string, string | undefined> }

const API = 'getQQRunData'
const NAME = 'taro-qq-run-data/taro-plugin'

// Taro's H5 platform registers its own modifyWebpackChain callback only when the build starts,
// after every plugin of the config has been set up, so a callback registered through
// `ctx.modifyWebpackChain` (stage 0, in registration order) would run before it and find nothing.
// Taro runs the callbacks as a tapable waterfall, ordered by stage: a higher stage puts ours after
// every stage-0 callback, whenever it was registered.
const STAGE = 100

/** The slice of webpack-chain (v6, what Taro 3 and 4 use) that the plugin reads and writes. */
interface ChainedMap<T> {
  get(key: string): T | undefined
}
interface Use {
  get(key: 'options'): unknown
  set(key: 'options', value: unknown): unknown
}
interface WebpackChain {
  module: { rules: ChainedMap<{ uses: ChainedMap<Use> }> }
}

/** The slice of Taro's plugin context (`IPluginContext` of `@tarojs/service`) that the plugin uses. */
interface TaroPluginContext {
  register<T>(hook: { name: string; stage?: number; fn: (opts: T) => void }): void
}

interface BabelLoaderOptions {
  plugins?: unknown[]
}

interface TaroApiDefinition {
  apis: Record<string, unknown>
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value == 'object' && value !== null

/**
 * The definition in a babel-plugin-transform-taroapi entry (`[plugin, { definition }]`), or
 * undefined for any other entry. Recognised by its options, not by the plugin's identity: the
 * platform requires the babel plugin from its own folder, which may not be the copy this package
 * would resolve.
 */
function taroApiDefinition(entry: unknown): TaroApiDefinition | undefined {
  const options: unknown = Array.isArray(entry) ? entry[1] : undefined
  const definition = isObject(options) ? options.definition : undefined
  return isObject(definition) && isObject(definition.apis) ? (definition as unknown as TaroApiDefinition) : undefined
}

/** Copies of what it changes; the definition is the platform's `require`d JSON, shared in-process. */
function withoutApi(entry: unknown[], definition: TaroApiDefinition): unknown[] {
  const apis = { ...definition.apis }
  delete apis[API]
  return [entry[0], { ...(entry[1] as object), definition: { ...definition, apis } }, ...entry.slice(2)]
}

/** True when the chain has a babel-plugin-transform-taroapi entry (and it no longer lists the API). */
function keepTaroGetQQRunData(chain: WebpackChain): boolean {
  const babelLoader = chain.module.rules.get('script')?.uses.get('babelLoader')
  const options = babelLoader?.get('options')
  const plugins = isObject(options) && Array.isArray(options.plugins) ? options.plugins : []
  let found = false
  let changed = false
  const next = plugins.map((entry) => {
    const definition = taroApiDefinition(entry)
    if (!definition) return entry
    found = true
    if (!Object.prototype.hasOwnProperty.call(definition.apis, API)) return entry
    changed = true
    return withoutApi(entry as unknown[], definition)
  })
  if (changed) babelLoader!.set('options', { ...(options as BabelLoaderOptions), plugins: next })
  return found
}

const warn = (message: string) => console.warn(`[${NAME}] ${message}`)

/**
 * A Taro CLI plugin that lets `import 'taro-qq-run-data/polyfill'` take effect on H5. On H5,
 * Taro's babel-plugin-transform-taroapi compiles `Taro.getQQRunData(...)` in app code to Taro's
 * own H5 placeholder; this plugin takes `getQQRunData` off that babel plugin's list, so the call
 * reaches the polyfilled `Taro.getQQRunData`. Other platforms are left alone. Covers the webpack5
 * compiler; with vite it only warns. `getQQRunData` imported from `taro-qq-run-data` needs no plugin.
 *
 * @example
 * // config/index.ts
 * export default defineConfig(() => ({
 *   plugins: ['taro-qq-run-data/taro-plugin'],
 *   // …
 * }))
 */
export default function taroQQRunData(ctx: TaroPluginContext): void {
  ctx.register({
    name: 'modifyWebpackChain',
    stage: STAGE,
    fn: ({ chain }: { chain: WebpackChain }) => {
      // Only an H5 build is expected to have the babel plugin; elsewhere a miss is the normal case.
      if (!keepTaroGetQQRunData(chain) && process.env.TARO_ENV == 'h5') {
        warn(
          "babel-plugin-transform-taroapi was not found in the webpack script rule, so Taro.getQQRunData may still be Taro's H5 placeholder. Call getQQRunData from 'taro-qq-run-data' instead.",
        )
      }
    },
  })
  ctx.register({
    name: 'modifyViteConfig',
    stage: STAGE,
    fn: () => {
      if (process.env.TARO_ENV == 'h5') {
        warn(
          "only the webpack5 compiler is covered: with vite, Taro.getQQRunData on H5 stays Taro's placeholder. Call getQQRunData from 'taro-qq-run-data' instead.",
        )
      }
    },
  })
}
