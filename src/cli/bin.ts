// The executable (dist/cli.mjs): the one module here that exists to have a side effect. The exit
// code is set rather than forced with process.exit(), so output still being written is not cut
// off, and a handle left open would show as a hang in the tests instead of passing unnoticed.
import { main } from './main'

void main(process.argv.slice(2), process).then((code) => {
  process.exitCode = code
})
