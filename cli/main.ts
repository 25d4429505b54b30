/**
 * `handles <verb>`: lint and run (codemod comes with the codemods). Every failure is a one-line reason on stderr and a non-zero exit:
 * 0 clean, 1 findings, 2 usage or configuration error.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
};

const USAGE = `usage: handles <command> [options]

commands:
  lint [paths...]          lint with the project's eslint config, or handles/recommended when there is none
  run <script> [args...]   run a .js/.ts program on a fresh kernel model with the verifier on
`;

export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const [verb, ...rest] = argv;
  try {
    switch (verb) {
      case 'lint': {
        const { lintCommand } = await import('./lint.js');
        return await lintCommand(rest, io);
      }
      case 'run': {
        const { runCommand } = await import('./run.js');
        return await runCommand(rest, io);
      }
      case undefined:
      case '-h':
      case '--help':
        io.stdout(USAGE);
        return verb === undefined ? 2 : 0;
      default:
        io.stderr(`handles: unknown command '${verb}' (try: lint, run)\n`);
        return 2;
    }
  } catch (error) {
    io.stderr(`handles: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
