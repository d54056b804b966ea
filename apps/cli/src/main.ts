/**
 * Operator commands on the embedded store: `npm run cli -- <command>` (DATA_DIR as for the api).
 * One module per command under commands/; this file only dispatches. Exit codes: 0 done,
 * 1 could not run (the api holds DATA_DIR, an unexpected failure), 2 wrong request.
 */
import 'reflect-metadata';
import { CliError, Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, defaultContext } from './cli';
import { asOfCommand } from './commands/as-of';
import { auditCommand } from './commands/audit';
import { explainCommand } from './commands/explain';
import { generateCommand } from './commands/generate';
import { rulesCommand } from './commands/rules';
import { keysCommand } from './commands/keys';
import { rebuildCommand } from './commands/rebuild';
import { statusCommand } from './commands/status';
import { monthEndCommand } from './commands/month-end';
import { tokenCommand } from './commands/token';
import { backupCommand } from './commands/backup';
import { restoreCommand } from './commands/restore';

// whatever this process creates (keys, databases and their -wal/-shm) is its owner's only
process.umask(0o077);

const COMMANDS: Command[] = [statusCommand, monthEndCommand, rebuildCommand, auditCommand, explainCommand, asOfCommand, generateCommand, rulesCommand, tokenCommand, keysCommand, backupCommand, restoreCommand];

const width = Math.max(...COMMANDS.map((c) => c.synopsis.length));
const USAGE = `usage: npm run cli -- <command> (DATA_DIR selects the data directory, default ./data)
${COMMANDS.map((c) => `  ${c.synopsis.padEnd(width)}  ${c.summary}`).join('\n')}
  ${'help [command]'.padEnd(width)}  this text, or a command's full help`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name) {
    process.stderr.write(`${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = args[0];
    if (!topic) {
      process.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    const command = COMMANDS.find((c) => c.name === topic);
    if (!command) throw new CliError(`no command ${topic}\n${USAGE}`);
    process.stdout.write(`${command.help}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new CliError(`unknown command ${name}\n${USAGE}`);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return EXIT_OK;
  }
  return command.run(args, defaultContext());
}

/** Exits once stdout has drained: a long report piped to another program is never cut short. */
const exit = (code: number) => process.stdout.write('', () => process.exit(code));

main(process.argv.slice(2)).then(exit, (err) => {
  if (err instanceof CliError) {
    process.stderr.write(`${err.message}\n`);
    return exit(err.exitCode);
  }
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  exit(EXIT_FAILED);
});
