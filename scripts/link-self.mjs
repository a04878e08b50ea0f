// Makes `node_modules/taro-qq-run-data` point at this package, so the type tests resolve
// `/// <reference types="taro-qq-run-data/types" />` exactly as an app that installed it does.
import { existsSync, symlinkSync } from 'node:fs'

const link = new URL('../node_modules/taro-qq-run-data', import.meta.url)
if (!existsSync(link)) symlinkSync('..', link, 'dir')
