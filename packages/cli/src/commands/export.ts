import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { once } from 'node:events'
import { Command, Option } from 'commander'
import { paginate, type TrajectoiresClient } from '@trajectoires/client'
import { clientFor, resolveCampus, userPath } from '../context.js'
import { csvCell, flatten } from '../format.js'

type Format = 'ndjson' | 'csv'

/** Writes records one by one to `<dir>/<name>.<ext>`; CSV columns are those of the first record (flattened). */
async function writeRecords(
  dir: string,
  name: string,
  format: Format,
  records: AsyncIterable<object>,
): Promise<number> {
  const file = join(dir, `${name}.${format}`)
  const out = createWriteStream(file)
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain')
  }
  let columns: string[] | undefined
  let count = 0
  if (format === 'csv') await write('\uFEFF')
  for await (const record of records) {
    if (format === 'ndjson') {
      await write(`${JSON.stringify(record)}\n`)
    } else {
      const flat = flatten(record as Record<string, unknown>)
      if (!columns) {
        columns = Object.keys(flat)
        await write(`${columns.map((c) => csvCell(c, ';')).join(';')}\r\n`)
      }
      await write(`${columns.map((c) => csvCell(flat[c], ';')).join(';')}\r\n`)
    }
    count++
  }
  out.end()
  await once(out, 'finish')
  return count
}

/** Every observation (history included) of the exited enrolments, a few requests at a time. */
async function* observationsOf(client: TrajectoiresClient, enrolmentIds: string[], concurrency = 6) {
  for (let i = 0; i < enrolmentIds.length; i += concurrency) {
    const batch = enrolmentIds.slice(i, i + concurrency)
    const histories = await Promise.all(batch.map((id) => client.listOutcomeObservations(id)))
    for (const history of histories) yield* history.items
  }
}

export function exportCommand(): Command {
  return new Command('export')
    .description(
      "Export a campus's records (cohorts, learners, enrolments, outcome observations) as one file per type; needs a key with records:read for that campus",
    )
    .requiredOption('--campus <id|name>', 'the campus (id, or a name that matches one campus)')
    .option('--out <dir>', 'directory to write into (created if missing)', '.')
    .addOption(
      new Option(
        '--format <format>',
        'ndjson (one JSON record a line) or csv (";", UTF-8 with BOM, nested fields as a.b)',
      )
        .choices(['ndjson', 'csv'])
        .default('ndjson'),
    )
    .action(async (options: { campus: string; out: string; format: Format }, command: Command) => {
      const client = clientFor(command, 'records:read')
      const campusId = await resolveCampus(client, options.campus)
      const campus = (await client.getCampus(campusId)).data
      const dir = userPath(options.out)
      await mkdir(dir, { recursive: true })
      const counts: Record<string, number> = {}
      counts.cohorts = await writeRecords(
        dir,
        'cohorts',
        options.format,
        paginate(client.listCohorts, { campusId, limit: 100 }),
      )
      counts.learners = await writeRecords(
        dir,
        'learners',
        options.format,
        paginate(client.listLearners, { campusId, limit: 100 }),
      )
      const exited: string[] = []
      async function* enrolments() {
        for await (const enrolment of paginate(client.listEnrolments, { campusId, limit: 100 })) {
          if (enrolment.exitDate) exited.push(enrolment.id)
          yield enrolment
        }
      }
      counts.enrolments = await writeRecords(dir, 'enrolments', options.format, enrolments())
      counts.observations = await writeRecords(dir, 'observations', options.format, observationsOf(client, exited))
      process.stdout.write(
        `${campus.name} (${campus.id}) → ${dir}\n${Object.entries(counts)
          .map(([name, count]) => `  ${name}.${options.format}: ${count} records`)
          .join('\n')}\n`,
      )
    })
}
