import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from './config.js'
import { openDatabase } from './db/client.js'
import { AppError } from './lib/errors.js'
import { createAdministrator } from './modules/users/users.admin.js'

/**
 * `pnpm admin:create --email x --name y`: creates a network administrator. The password comes
 * from ADMIN_PASSWORD, or is asked for on a terminal, or (with `--generate`, or without a
 * terminal) is generated and printed once.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      generate: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help || !values.email || !values.name) {
    console.log(
      'Usage: pnpm admin:create --email <e-mail> --name <display name> [--generate]\n' +
        '  The password is read from ADMIN_PASSWORD, asked for on a terminal, or generated and printed once.',
    )
    process.exit(values.help ? 0 : 64)
  }

  let password = process.env.ADMIN_PASSWORD || undefined
  if (!password && !values.generate && process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stdout })
    password = (await rl.question('Password (12 characters or more; empty to generate one): ')).trim() || undefined
    rl.close()
  }

  const config = loadConfig()
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    await database.migrate()
    const admin = await createAdministrator(database.db, {
      email: values.email,
      displayName: values.name,
      password,
      passwordHashCost: config.passwordHashCost,
    })
    console.log(`Created network administrator ${admin.email} (${admin.id}).`)
    if (!password) console.log(`Generated password (shown once, store it now): ${admin.password}`)
  } finally {
    await database.close()
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message)
    process.exit(78)
  }
  if (err instanceof AppError) {
    console.error(`Refused: ${err.message}`)
    process.exit(65)
  }
  console.error(err)
  process.exit(1)
})
