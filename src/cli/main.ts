import { version } from '../../package.json'
import { parseCommandLine, usage } from './args'
import { CliError } from './cli-error'
import { decryptCommand } from './decrypt-command'
import { runDemo } from './demo'
import { escapeControl } from './escape'
import type { CliIo } from './io'

function report(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof CliError) {
    // Each line escaped: a message may quote the data or an argument, which must not drive the terminal.
    io.stderr.write(`qq-run-data: ${error.message.split('\n').map(escapeControl).join('\n')}\n`)
    if (error.exitCode == 2) {
      const command = error.command && ` ${error.command}`
      io.stderr.write(`${usage(error.command)}\nRun 'qq-run-data${command} --help' for more.\n`)
      return 2
    }
    if (debug && error.cause) io.stderr.write(`${(error.cause as Error).stack}\n`)
    return 1
  }
  // Not one of ours: a bug, or the system failing. Its stack is what a bug report needs.
  const [message, stack] = error instanceof Error ? [error.message, error.stack] : [String(error), String(error)]
  io.stderr.write(`qq-run-data: unexpected error: ${escapeControl(message)}\n`)
  io.stderr.write(debug ? `${stack}\n` : 'Run it again with --debug for the stack trace.\n')
  return 1
}

/**
 * The `qq-run-data` command line: runs `argv` (the arguments after `node` and the script) with
 * `io`, and resolves with the exit code: 0 done, 1 failed, 2 bad arguments. It never rejects;
 * failures are written to `io.stderr`, with a stack trace only under `--debug`.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), process)
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let debug = false
  try {
    const command = parseCommandLine(argv, io.env)
    switch (command.name) {
      case 'help':
        io.stdout.write(command.text)
        return 0
      case 'version':
        io.stdout.write(`${version}\n`)
        return 0
      case 'decrypt':
        debug = command.args.debug
        return await decryptCommand(command.args, io)
      case 'demo':
        debug = command.debug
        await runDemo(io)
        return 0
    }
  } catch (error) {
    return report(error, io, debug)
  }
}
