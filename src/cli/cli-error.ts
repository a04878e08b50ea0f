/**
 * A failure the command line reports in one line, without a stack trace: bad arguments (exit
 * code 2, followed by the short usage of `command`) or input it cannot use (exit code 1). With
 * `--debug`, the stack of its `cause` follows.
 *
 * @example
 * throw new CliError('missing --app-id <appid>', 2, 'decrypt')
 */
export class CliError extends Error {
  /** 2 for bad arguments, 1 for everything else. */
  readonly exitCode: 1 | 2
  /** The command whose usage follows a bad-arguments message: `''` for the top level. */
  readonly command: string

  constructor(message: string, exitCode: 1 | 2 = 1, command = '', options?: ErrorOptions) {
    super(message, options)
    this.exitCode = exitCode
    this.command = command
  }

  static {
    this.prototype.name = 'CliError'
  }
}
