import { Command, CommanderError, Option } from 'commander'
import { exportCommand } from './commands/export.js'
import { importCommand } from './commands/import.js'
import { openDataCommand } from './commands/open-data.js'
import { statsCommand } from './commands/stats.js'
import { version } from './context.js'
import { describeError } from './errors.js'

// `trajectoires … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0)
  throw err
})

const program = new Command('trajectoires')
  .description(
    'The Trajectoires API from the command line: placement statistics, spreadsheet imports, campus exports, open data.',
  )
  .version(version)
  .addOption(
    new Option('--api-url <url>', 'origin of the API (default http://localhost:3000)').env('TRAJECTOIRES_API_URL'),
  )
  .addOption(new Option('--api-key <key>', 'API key, sent as Authorization: Bearer').env('TRAJECTOIRES_API_KEY'))
  .showHelpAfterError('(see --help)')
  .addHelpText(
    'after',
    `
Examples:
  trajectoires stats placement --exit-year 2019 --group-by campus
  trajectoires stats placement --format csv > placement.csv
  trajectoires import outcomes suivi-2024.csv --dry-run
  trajectoires export --campus Lyon --out lyon/ --format csv
  trajectoires open-data --out open-data/`,
  )
  .exitOverride()
  .addCommand(statsCommand())
  .addCommand(importCommand())
  .addCommand(exportCommand())
  .addCommand(openDataCommand())

// Every sub-command reports its own usage errors with exit code 2 through exitOverride.
for (const command of program.commands) command.exitOverride()
for (const command of program.commands.flatMap((c) => c.commands)) command.exitOverride()

try {
  await program.parseAsync(process.argv)
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version print and exit 0; usage mistakes were already printed by commander.
    process.exitCode = err.exitCode === 0 ? 0 : 2
  } else {
    const { message, exitCode } = describeError(err)
    process.stderr.write(`${message}\n`)
    process.exitCode = exitCode
  }
}
