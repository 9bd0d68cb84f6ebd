/**
 * Timings that code far from HTTP publishes for the metrics plugin, through Node's diagnostics
 * channels: the publisher imports nothing of Prometheus, and publishing costs nothing when no
 * metrics plugin listens (tests, scripts).
 */
import { channel } from 'node:diagnostics_channel'

/** One finished import: committed, rejected (a failing line, nothing written), dry run, replayed or failed. */
export interface ImportTiming {
  kind: string
  outcome: 'committed' | 'rejected' | 'dry_run' | 'replayed' | 'failed'
  rows: number
  seconds: number
}

export const importTimings = channel('trajectoires:import')

export function publishImportTiming(timing: ImportTiming): void {
  if (importTimings.hasSubscribers) importTimings.publish(timing)
}
