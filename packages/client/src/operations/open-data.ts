import type { OpenDataResourceName } from '@trajectoires/contract'
import type { CallOptions } from '../http.js'
import type { OperationCalls } from '../routes.js'

/** The open data package: public, suppressed aggregates as CSV files with a Frictionless descriptor. */
export function openDataOperations(c: OperationCalls) {
  return {
    /** The `datapackage.json` descriptor; each resource's `path` is `open-data/<name>.csv`. */
    getOpenData: (opts?: CallOptions) => c.get('getOpenData', {}, opts),
    /** One CSV file of the package, as text (RFC 4180, UTF-8). `name` with or without `.csv`. */
    getOpenDataResource: (name: OpenDataResourceName | `${OpenDataResourceName}.csv`, opts?: CallOptions) =>
      c.text('getOpenDataResource', { path: { name } }, opts),
  }
}
