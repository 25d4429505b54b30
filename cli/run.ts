import type { CliIo } from './main.js';

/** `handles run <script>`: filled by the runtime issue. */
export async function runCommand(args: readonly string[], io: CliIo): Promise<number> {
  io.stderr(`handles run: not implemented yet (${args.join(' ')})\n`);
  return 2;
}
