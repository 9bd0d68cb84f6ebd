/**
 * A throwaway PostgreSQL server for one test file: `initdb` into a temporary folder, its own port
 * and its own socket folder (unix socket only, no TCP), `pg_ctl` to stop and start it. Never the
 * machine's shared server, which the tests that stop PostgreSQL must not touch.
 *
 * PostgreSQL refuses to run as root: when this process is root (CI containers), every server
 * command runs as the `postgres` user through `runuser -u postgres --` (util-linux), and the folder
 * is handed to that user. Otherwise the commands run as the current user.
 */
import { execFile, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { freePort } from '../../bench/support.js'

/** The folder of the server binaries (`initdb`, `pg_ctl`): PG_BIN, else the newest Debian install, else PATH. */
function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a))
    if (versions[0]) return join(root, versions[0], 'bin')
  }
  return ''
}

export interface ThrowawayPostgres {
  /** Connection string of the `trajectoires` database, over the server's own unix socket. */
  url: string
  /** Connection string of the `postgres` maintenance database. */
  adminUrl: string
  port: number
  /** `pg_ctl stop` (mode `fast`: open sessions are cut, what they had committed stays). */
  stop(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>
  /** `pg_ctl start`, waiting until it accepts connections. */
  start(): Promise<void>
  /** Runs one query on the `trajectoires` database with a fresh connection. */
  query<T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>
  /** Stops the server and deletes its folder. */
  destroy(): void
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = binDir()
  const asRoot = process.getuid?.() === 0
  const dir = mkdtempSync(join(tmpdir(), 'trajectoires-pg-'))
  const data = join(dir, 'data')
  const log = join(dir, 'server.log')
  if (asRoot) {
    const user = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' })
    if (user.status !== 0) throw new Error('Running as root needs a `postgres` user to run a throwaway PostgreSQL.')
    chownSync(dir, Number(user.stdout.trim()), Number(group.stdout.trim()))
  }
  chmodSync(dir, 0o700)

  const commandOf = (command: string, args: string[]): [string, string[]] => {
    const tool = bin ? join(bin, command) : command
    return asRoot ? ['runuser', ['-u', 'postgres', '--', tool, ...args]] : [tool, args]
  }
  const failure = (command: string, args: string[], why: string) => {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : ''
    return new Error(`${command} ${args.join(' ')} failed: ${why}\n${serverLog}`)
  }
  const run = (command: string, args: string[]) => {
    const [file, argv] = commandOf(command, args)
    const result = spawnSync(file, argv, { encoding: 'utf8', cwd: dir })
    if (result.status !== 0) {
      throw failure(command, args, `${result.status ?? result.error?.message}\n${result.stdout}${result.stderr}`)
    }
  }
  /** The same, without blocking the event loop (the load keeps running meanwhile). */
  const runAsync = async (command: string, args: string[]) => {
    const [file, argv] = commandOf(command, args)
    try {
      await promisify(execFile)(file, argv, { cwd: dir })
    } catch (err) {
      throw failure(command, args, String(err))
    }
  }

  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'])
  const port = await freePort()
  // Unix socket only, in the test's folder; fsync off (a process restart loses nothing without it, an
  // OS crash is not what these tests simulate) to keep the runs fast on a shared machine.
  const options = `-p ${port} -k ${dir} -c listen_addresses='' -c fsync=off -c max_connections=100`
  const startArgs = ['-D', data, '-l', log, '-o', options, '-w', '-t', '60', 'start']
  const stopArgs = (mode: string) => ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']
  const start = () => runAsync('pg_ctl', startArgs)
  const stop = (mode: 'smart' | 'fast' | 'immediate' = 'fast') => runAsync('pg_ctl', stopArgs(mode))
  run('pg_ctl', startArgs)

  const urlOf = (database: string) => `postgresql://postgres@/${database}?host=${encodeURIComponent(dir)}&port=${port}`
  const admin = new pg.Client({ connectionString: urlOf('postgres') })
  await admin.connect()
  await admin.query('create database trajectoires')
  await admin.end()

  let destroyed = false
  const query = async <T extends pg.QueryResultRow>(text: string, values?: unknown[]) => {
    const client = new pg.Client({ connectionString: urlOf('trajectoires') })
    await client.connect()
    try {
      return (await client.query<T>(text, values)).rows
    } finally {
      await client.end()
    }
  }
  const destroy = () => {
    if (destroyed) return
    destroyed = true
    try {
      run('pg_ctl', stopArgs('immediate'))
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', destroy)
  return { url: urlOf('trajectoires'), adminUrl: urlOf('postgres'), port, stop, start, query, destroy }
}
