import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { readRows, UnreadableLine, type ImportFormat } from './imports.parse.js'

/** A body received whole into a temporary file: read it from `body`, then call `remove`. */
export interface SpooledBody {
  body: Readable
  remove(): Promise<void>
}

/**
 * Receives the whole body before the import's transaction opens, for a database with a single
 * connection (PGlite): a transaction holds that connection until it ends, so an import reading its
 * file inside it held every other request of the API for as long as the client took to send it (a
 * quote never closed, a failing line or a valid file sent slowly: up to the request's time limit).
 *
 * The bytes go to a temporary file (memory stays bounded, as when streaming) while they are read as
 * rows, their form only: a line that cannot be read ends the receiving at once, so a malformed file
 * is still refused before the client has sent it all. The import then reads the file, finds the
 * same unreadable line and reports it, with the rows before it checked as usual.
 */
export async function spoolBody(
  body: Readable,
  format: ImportFormat,
  encoding: string | undefined,
  letGo: (body: Readable) => void,
): Promise<SpooledBody> {
  const dir = await mkdtemp(join(tmpdir(), 'trajectoires-import-'))
  const path = join(dir, 'body')
  const remove = () => rm(dir, { recursive: true, force: true })
  const file = createWriteStream(path)
  // Each piece is on its way to the file before the row reader sees it: the file holds at least
  // every byte the reader read, up to an unreadable line. Pieces still queued when the reading
  // stops are not written (the file is ended by then).
  const copy = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (file.writableEnded) return callback()
      file.write(chunk, (err) => callback(err ?? null, chunk))
    },
  })
  file.on('error', (err) => copy.destroy(err))
  body.on('error', (err) => copy.destroy(err))
  body.pipe(copy)
  try {
    try {
      const { batches } = readRows(copy, format, encoding)
      for await (const _ of batches) void _
    } catch (err) {
      if (!(err instanceof UnreadableLine)) throw err
    } finally {
      body.unpipe(copy)
      letGo(body)
    }
    file.end()
    await finished(file)
    copy.destroy()
    return { body: createReadStream(path), remove }
  } catch (err) {
    file.destroy()
    await remove()
    throw err
  }
}
