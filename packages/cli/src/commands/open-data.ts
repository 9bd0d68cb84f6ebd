import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, normalize, sep } from 'node:path'
import { Command } from 'commander'
import type { OpenDataResourceName } from '@trajectoires/contract'
import { clientFor, userPath } from '../context.js'

/** `open-data/<name>.csv` → `<name>`; refuses paths that would leave the output directory. */
function resourceFile(path: string): { name: string; file: string } {
  const file = normalize(path)
  if (file.startsWith('..') || file.startsWith(sep) || file.includes(`..${sep}`)) {
    throw new Error(`The descriptor names a path outside the package: ${path}`)
  }
  const name = file
    .split(sep)
    .at(-1)!
    .replace(/\.csv$/, '')
  return { name, file }
}

export function openDataCommand(): Command {
  return new Command('open-data')
    .description(
      'Download the open data package: datapackage.json (Frictionless descriptor) and its CSV files, public and suppressed; no key needed',
    )
    .option('--out <dir>', 'directory to write into (created if missing)', 'open-data-package')
    .action(async (options: { out: string }, command: Command) => {
      const client = clientFor(command)
      const dir = userPath(options.out)
      const descriptor = await client.getOpenData()
      await mkdir(dir, { recursive: true })
      const written: string[] = []
      for (const resource of descriptor.resources) {
        const { name, file } = resourceFile(resource.path)
        const csv = await client.getOpenDataResource(name as OpenDataResourceName)
        await mkdir(dirname(join(dir, file)), { recursive: true })
        await writeFile(join(dir, file), csv)
        written.push(`  ${file}: ${Math.max(0, csv.split(/\r?\n/).filter(Boolean).length - 1)} rows`)
      }
      await writeFile(join(dir, 'datapackage.json'), `${JSON.stringify(descriptor, null, 2)}\n`)
      process.stdout.write(
        `${descriptor.title ?? descriptor.name} → ${dir}\n  datapackage.json\n${written.join('\n')}\n`,
      )
    })
}
