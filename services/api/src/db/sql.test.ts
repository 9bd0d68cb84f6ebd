import { readdirSync, readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { checkpoints, contractTypes, situations, type MetricRules } from '@trajectoires/contract'
import {
  checkpointSchedule,
  lastingFixedTermContracts,
  lastingMinContractMonths,
  openEndedContracts,
  uninformativeSituations,
} from '@trajectoires/contract/rules'
import { freshDatabase } from '../../test/helpers.js'
import { withDatabase } from '../../test/global-setup.js'
import { migrationsFolder, openDatabase, rows, type Database, type DatabaseHandle } from './client.js'
import { applyRepeatable, repeatableSource, sqlFolder, type RunSql } from './repeatable.js'
import { materialisedCategories } from '../modules/stats/stats.definitions.js'
import { patience } from '../../test/patience.js'

/** Every function and view of the public schema, with its definition as the database prints it. */
async function definitions(db: Database): Promise<Record<string, string>> {
  const res = await db.execute(sql`
    select 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as name,
      pg_get_functiondef(p.oid) as definition
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'
    union all
    select 'view ' || viewname, pg_get_viewdef(format('public.%I', viewname)::regclass) from pg_views
    where schemaname = 'public'
    union all
    select 'trigger ' || t.tgname, pg_get_triggerdef(t.oid) from pg_trigger t
    join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and not t.tgisinternal
    order by 1`)
  return Object.fromEntries(rows<{ name: string; definition: string }>(res).map((r) => [r.name, r.definition]))
}

/**
 * A database migrated the way every database was before the repeatable step existed: the
 * versioned migrations alone. `open` then opens it with this version's client.
 */
async function migratedByVersionsAlone(): Promise<{
  db: Database
  open(): Promise<DatabaseHandle>
  drop(): Promise<void>
}> {
  const serverUrl = process.env.TEST_DATABASE_URL
  if (serverUrl) {
    const name = `trajectoires_old_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`create database ${name}`)
    const url = withDatabase(serverUrl, name)
    const pool = new pg.Pool({ connectionString: url, max: 1 })
    // `drop database … with (force)` below can reach a connection `pool.end()` is still closing: its
    // termination then arrives as an idle client's error, which a pool without a listener throws
    // out of the test run (as the app's own pool, db/client.ts, ignores it).
    pool.on('error', () => {})
    const { drizzle } = await import('drizzle-orm/node-postgres')
    const { migrate } = await import('drizzle-orm/node-postgres/migrator')
    const db = drizzle(pool) as unknown as Database
    await migrate(db as never, { migrationsFolder })
    const opened: DatabaseHandle[] = []
    return {
      db,
      open: async () => {
        const handle = await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 2 })
        opened.push(handle)
        return handle
      },
      drop: async () => {
        await Promise.all([pool.end(), ...opened.map((h) => h.close())])
        await admin.query(`drop database if exists ${name} with (force)`)
        await admin.end()
      },
    }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { drizzle } = await import('drizzle-orm/pglite')
  const { migrate } = await import('drizzle-orm/pglite/migrator')
  const client = await PGlite.create('memory://')
  const db = drizzle(client) as unknown as Database
  await migrate(db as never, { migrationsFolder })
  const opened: DatabaseHandle[] = []
  return {
    db,
    open: async () => {
      const dump = await client.dumpDataDir('none')
      const handle = await openDatabase({ dataDir: 'memory://', loadDataDir: dump })
      opened.push(handle)
      return handle
    },
    drop: async () => {
      await Promise.all([client.close(), ...opened.map((h) => h.close())])
    },
  }
}

/** Runs SQL on one connection of `database`, as the migration step does. */
async function runnerOf(database: DatabaseHandle): Promise<{ run: RunSql; end(): Promise<void> }> {
  if (database.kind === 'pglite') {
    const client = (database as unknown as { pglite: { exec(t: string): Promise<Array<{ rows: unknown[] }>> } }).pglite
    return {
      run: async (text) => ((await client.exec(text)).at(-1)?.rows ?? []) as Array<Record<string, unknown>>,
      end: async () => {},
    }
  }
  const [{ name }] = rows<{ name: string }>(await database.db.execute(sql`select current_database() as name`)) as [
    { name: string },
  ]
  const client = new pg.Client({ connectionString: withDatabase(process.env.TEST_DATABASE_URL!, name) })
  await client.connect()
  return {
    run: async (text) => {
      const result = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[]
      return (Array.isArray(result) ? result.at(-1)?.rows : result.rows) ?? []
    },
    end: () => client.end(),
  }
}

let fresh: DatabaseHandle
let dropFresh: () => Promise<void>

beforeAll(async () => {
  ;({ database: fresh, drop: dropFresh } = await freshDatabase(2))
})
afterAll(() => dropFresh())

/** The category `materialisedCategories` gives (first match wins), as the cubes' columns count it. */
function categoryOf(
  categories: MetricRules['categories'],
  situation: string | null,
  contract: string | null,
  months: number | null,
): string {
  const rule = categories.find(
    (c) =>
      situation !== null &&
      (c.situations as readonly string[]).includes(situation) &&
      (c.contractTypes === null || (contract !== null && (c.contractTypes as readonly string[]).includes(contract))) &&
      (c.minContractMonths === null || (months !== null && months >= c.minContractMonths)),
  )
  return rule?.category ?? 'unknown'
}

describe('the literals of the statistics SQL agree with @trajectoires/contract/rules', () => {
  it('classifies every situation, contract and length as the rules do (stats_category_v1)', async () => {
    const monthsTried = [null, 1, lastingMinContractMonths - 1, lastingMinContractMonths, 24]
    const res = await fresh.db.execute(sql`
      select s, c, m, stats_category_v1(s, c, m) as category
      from unnest(${sql.raw(`array[${situations.map((s) => `'${s}'`).join(', ')}, null]::text[]`)}) s
      cross join unnest(${sql.raw(`array[${contractTypes.map((c) => `'${c}'`).join(', ')}, null]::text[]`)}) c
      cross join unnest(${sql.raw(`array[${monthsTried.map((m) => m ?? 'null').join(', ')}]::int[]`)}) m`)
    const got = rows<{ s: string | null; c: string | null; m: number | null; category: string }>(res)
    expect(got).toHaveLength((situations.length + 1) * (contractTypes.length + 1) * monthsTried.length)
    const differing = got.filter((r) => r.category !== categoryOf(materialisedCategories, r.s, r.c, r.m))
    expect(differing).toEqual([])

    // The literals themselves, so that a set changed on one side only is named in the failure.
    const [{ src }] = rows<{ src: string }>(
      await fresh.db.execute(sql`select prosrc as src from pg_proc where proname = 'stats_category_v1'`),
    ) as [{ src: string }]
    const lists = [...src.matchAll(/p_contract IN \(([^)]*)\)/g)].map((m) =>
      m[1]!.split(',').map((v) => v.trim().replace(/^'|'$/g, '')),
    )
    expect(lists).toEqual([[...openEndedContracts], [...lastingFixedTermContracts]])
    expect(/p_months >= (\d+)/.exec(src)?.[1]).toBe(String(lastingMinContractMonths))
  })

  it('resolves each checkpoint with the schedule and sets of the rules (stats_facts_source)', async () => {
    const [{ view }] = rows<{ view: string }>(
      await fresh.db.execute(sql`select pg_get_viewdef('stats_facts_source'::regclass) as view`),
    ) as [{ view: string }]
    const calls = [
      ...view.matchAll(
        /stats_resolve\(e\.id, '(\w+)'::text, e\.exit_date, 'infinity'::timestamp with time zone, (\d+), (\d+), (\d+), (\d+), (\d+), '\{([^}]*)\}'::text\[\], '\{([^}]*)\}'::text\[\]\)/g,
      ),
    ].map(([, checkpoint, due, fromMonths, fromDays, toMonths, toDays, uninformative, openEnded]) => ({
      checkpoint,
      due: { months: Number(due), days: 0 },
      from: { months: Number(fromMonths), days: Number(fromDays) },
      to: { months: Number(toMonths), days: Number(toDays) },
      uninformative: uninformative!.split(','),
      openEnded: openEnded!.split(','),
    }))
    expect(calls).toEqual(
      checkpoints.map((checkpoint) => ({
        checkpoint,
        ...checkpointSchedule[checkpoint],
        uninformative: [...uninformativeSituations],
        openEnded: [...openEndedContracts],
      })),
    )

    // The due dates the facts keep: exit + 0 months is the exit date itself.
    const dues = Object.fromEntries(
      [...view.matchAll(/(?:\(\(e\.exit_date \+ '([^']+)'::interval\)\)::date|e\.exit_date) AS (\w+)_due/g)].map(
        ([, interval, checkpoint]) => {
          const years = Number(/(\d+) years?/.exec(interval ?? '')?.[1] ?? 0)
          const months = Number(/(\d+) mons?/.exec(interval ?? '')?.[1] ?? 0)
          return [checkpoint, years * 12 + months]
        },
      ),
    )
    expect(dues).toEqual(Object.fromEntries(checkpoints.map((c) => [c, checkpointSchedule[c].due.months])))
  })
})

describe('SQL functions and views: one current source each, applied after the migrations', () => {
  it('has one file for every function and view of the database, and nothing else', async () => {
    const inDatabase = Object.keys(await definitions(fresh.db))
      .filter((name) => !name.startsWith('trigger '))
      .map((name) => name.replace(/^function (\w+)\(.*$/, 'functions/$1.sql').replace(/^view (\w+)$/, 'views/$1.sql'))
      .sort()
    expect(inDatabase).toEqual([...repeatableSource().files].sort())
  })

  it('keeps functions and views out of the migrations that came after db/sql', () => {
    // Up to 0011 the migrations defined them (and stay as shipped). After, a function or view is
    // changed in its file under db/sql: the repeatable step would put the file's version back over
    // a migration's anyway.
    const lastWithFunctions = 11
    const named = /\b(?:CREATE(?:\s+OR\s+REPLACE)?|ALTER|DROP)\s+(?:FUNCTION|VIEW)\b/i
    const later = readdirSync(migrationsFolder).filter(
      (file) => /^\d{4}_.*\.sql$/.test(file) && Number(file.slice(0, 4)) > lastWithFunctions,
    )
    const offending = later.filter((file) => named.test(readFileSync(`${migrationsFolder}/${file}`, 'utf8')))
    expect(offending).toEqual([])
    // And every file is a CREATE OR REPLACE of the object it is named after.
    for (const file of repeatableSource().files) {
      const text = readFileSync(`${sqlFolder}/${file}`, 'utf8')
      const [, kind, name] = /^(functions|views)\/(\w+)\.sql$/.exec(file)!
      const creates = [...text.matchAll(/^CREATE OR REPLACE (FUNCTION|VIEW) (\w+)/gm)].map((m) => `${m[1]} ${m[2]}`)
      expect(creates, file).toEqual([`${kind === 'functions' ? 'FUNCTION' : 'VIEW'} ${name}`])
    }
  })

  it(
    'ends a database migrated before the step existed with the same definitions as a fresh one',
    async () => {
      const old = await migratedByVersionsAlone()
      try {
        const upgraded = await old.open()
        await upgraded.migrate()
        expect(await definitions(upgraded.db)).toEqual(await definitions(fresh.db))
        const state = rows<{ checksum: string }>(
          await upgraded.db.execute(sql`select checksum from drizzle.__trajectoires_repeatable`),
        )
        expect(state).toEqual([{ checksum: repeatableSource().checksum }])
      } finally {
        await old.drop()
      }
    },
    patience(180_000),
  )

  it('applies the source again only when it changed, in one transaction', async () => {
    const { run, end } = await runnerOf(fresh)
    try {
      const version = async () =>
        rows<{ xmin: string }>(
          await fresh.db.execute(sql`select xmin::text as xmin from pg_proc where proname = 'stats_category_v1'`),
        )[0]?.xmin
      const before = await version()
      await fresh.migrate()
      expect(await version()).toBe(before)
      const reference = await definitions(fresh.db)

      // A function changed by hand stays changed while the source is the same…
      await run(
        `CREATE OR REPLACE FUNCTION stats_category_v1(p_situation text, p_contract text, p_months integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'unknown' $$`,
      )
      await fresh.migrate()
      expect(await definitions(fresh.db)).not.toEqual(reference)
      // …a source that fails part-way changes nothing…
      const source = repeatableSource()
      await expect(
        applyRepeatable(run, { ...source, text: `${source.text}\nSELECT 1 / 0;`, checksum: 'broken' }),
      ).rejects.toThrow(/division by zero/)
      const resolve = (d: Record<string, string>) =>
        Object.entries(d).find(([name]) => name.startsWith('function stats_resolve('))?.[1]
      expect(resolve(await definitions(fresh.db))).toBe(resolve(reference))
      expect(await definitions(fresh.db)).not.toEqual(reference)
      // …and a new version of the source puts every file's version back.
      await run(`UPDATE drizzle.__trajectoires_repeatable SET checksum = 'older'`)
      await fresh.migrate()
      expect(await definitions(fresh.db)).toEqual(reference)
    } finally {
      await end()
    }
  })
})
