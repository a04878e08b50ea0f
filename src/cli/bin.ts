// The executable (dist/cli.mjs): the one module here that exists to have a side effect. The exit
// code is set rather than forced with process.exit(), so output still being written is not cut
// off, and a handle left open would show as a hang in the tests instead of passing unnoticed.
import { main } from './main'

// A reader that stops early (`qq-run-data demo | head`) closes the pipe: that ends the command
// quietly, as it ends `cat`, instead of with an unhandled 'error' event and its stack.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code != 'EPIPE') throw error
  process.exit()
})

void main(process.argv.slice(2), process).then((code) => {
  process.exitCode = code
})
