/**
 * What the command line reads and writes: a structural slice of `process`, so the real one can
 * be passed as it is and a test can pass strings and arrays instead.
 *
 * @example
 * const code = await main(process.argv.slice(2), process)
 */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean }
  stderr: { write(text: string): unknown }
  stdin: AsyncIterable<Uint8Array> & { isTTY?: boolean }
  env: Record<string, string | undefined>
}

/**
 * True when the output may be coloured: stdout is a terminal and `NO_COLOR` is unset or empty,
 * as https://no-color.org asks.
 *
 * @example
 * renderDays(days, { colour: wantsColour(io) })
 */
export function wantsColour(io: Pick<CliIo, 'stdout' | 'env'>): boolean {
  return io.stdout.isTTY === true && !io.env.NO_COLOR
}
