import { pathToFileURL } from 'node:url';
import type { OpenEmbeddedPortal } from '../portal/portals/types';
import type { CliCommand, CliIo } from './types';
import { ExitCode } from './types';

const COMMANDS = ['inspect', 'plan', 'migrate', 'sync', 'automation', 'sandbox', 'undo'] as const;

const USAGE = `spmigrate — move a spreadsheet-tracked process into a Bitrix24 smart process

Usage:
  spmigrate inspect    <file> [--sheet NAME] [--json]
  spmigrate plan       <file> [--portal URL] [--sheet NAME] [--name TITLE] [--mapping FILE] [--project FILE]
                       [--access open|closed | --into ENTITY_TYPE_ID] [--funnel COLUMN]
                       [--create-clients|--no-create-clients] [--json]
  spmigrate migrate    <file> [--portal URL] [--sheet NAME] [--name TITLE] [--mapping FILE]
                       [--access open|closed | --into ENTITY_TYPE_ID] [--funnel COLUMN]
                       [--project FILE] [--no-automation] [--create-clients|--no-create-clients] [--no-write-back]
                       [--yes] [--json]
  spmigrate sync       <project.spm.json> [--file FILE] [--portal URL] [--dry-run]
                       [--removed keep|delete|stage:<name>] [--conflicts sheet-wins|portal-wins|skip]
                       [--allow-schema-changes] [--confirm-removals N] [--no-write-back] [--json]
  spmigrate automation <project.spm.json> [--install] [--json]
  spmigrate undo       <project.spm.json> [--portal URL] [--dry-run] [--force] [--remove-clients] [--remove-workflows] [--json]
  spmigrate sandbox    [--port N] [--data DIR] [--plan standard|enterprise|unlimited] [--time-scale N]

The portal comes from SPM_PORTAL (preferred) or --portal URL.
Exit codes: 0 ok, 1 finished with failed rows, 2 bad input or usage, 3 portal/auth/network failure.
`;

/**
 * Runs `spmigrate` with the given arguments and returns its exit code.
 *
 * Each command lives in `./commands/<name>.ts` and exports `run: CliCommand`;
 * it is loaded only when asked for, so `inspect` does not pay for the sandbox.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name === undefined ? ExitCode.badInput : ExitCode.ok;
  }
  if (!(COMMANDS as readonly string[]).includes(name)) {
    io.stderr(`spmigrate: unknown command “${name}”.\n\n${USAGE}`);
    return ExitCode.badInput;
  }
  let command: CliCommand;
  try {
    const module = (await import(pathToFileURL(new URL(`./commands/${name}.ts`, import.meta.url).pathname).href)) as { run: CliCommand };
    command = module.run;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      io.stderr(`spmigrate: the “${name}” command is not available in this build yet.\n`);
      return ExitCode.badInput;
    }
    throw error;
  }
  return command(rest, { ...io, openSandbox: io.openSandbox ?? openEmbeddedSandboxLazily });
}

/** Loads the emulator only when a command needs the embedded sandbox portal. */
const openEmbeddedSandboxLazily: OpenEmbeddedPortal = async (dataDir, options) => {
  const { openEmbeddedSandbox } = await import('../../sandbox/embedded-sandbox');
  return openEmbeddedSandbox(dataDir, options);
};
