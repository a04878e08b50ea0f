#!/usr/bin/env node
// Makes sure Debian's redis-server is there before the unit tests, which start their own on a
// free loopback port to test redisSessionStore. A fresh Debian machine has none: as root, with
// apt-get, it is installed, the way the e2e installs Chromium, so that `npm test` alone does all
// its set-up. Anywhere else it says what to do, and fails.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const installed = () => spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0

if (!installed()) {
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log("redis-server is missing: installing Debian's redis-server with apt-get")
    const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { stdio: 'inherit' }).status === 0
    // A fresh machine may have no package lists yet: update them once, only when needed.
    if (!install()) {
      spawnSync('apt-get', ['update'], { stdio: 'inherit' })
      install()
    }
  }
  if (!installed()) {
    console.error(
      'redis-server is missing, and the tests of redisSessionStore start one on a free loopback port.\n' +
        'Install it with: sudo apt-get install -y redis-server (or put any redis-server 6 or later on PATH), then run npm test again.',
    )
    process.exit(1)
  }
}
