import cliProgress from 'cli-progress'
import { bytes } from './format.js'

export interface Progress {
  update(loaded: number): void
  /** The upload is over; the API is still checking and writing. */
  uploaded(): void
  stop(): void
}

/**
 * Upload progress on stderr: a bar on a terminal, plain lines every 10% otherwise (logs, CI),
 * nothing with `quiet`.
 */
export function uploadProgress(total: number, label: string, quiet: boolean): Progress {
  const stream = process.stderr
  if (quiet) return { update: () => {}, uploaded: () => {}, stop: () => {} }
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} [{bar}] {percentage}% · {done} / {size} · {eta_formatted} left`,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    )
    bar.start(total, 0, { done: bytes(0), size: bytes(total) })
    let stopped = false
    return {
      update: (loaded) => bar.update(loaded, { done: bytes(loaded) }),
      uploaded: () => {
        bar.update(total, { done: bytes(total) })
        bar.stop()
        stopped = true
        stream.write('uploaded; waiting for the API to check and write every line…\n')
      },
      stop: () => {
        if (!stopped) bar.stop()
        stopped = true
      },
    }
  }
  let lastStep = -1
  let done = false
  return {
    update: (loaded) => {
      const step = total > 0 ? Math.floor((loaded / total) * 10) : 10
      if (step === lastStep) return
      lastStep = step
      stream.write(`${label}: ${step * 10}% (${bytes(loaded)} / ${bytes(total)})\n`)
    },
    uploaded: () => {
      if (done) return
      done = true
      if (lastStep < 10) stream.write(`${label}: 100% (${bytes(total)} / ${bytes(total)})\n`)
      stream.write('uploaded; waiting for the API to check and write every line…\n')
    },
    stop: () => {},
  }
}
