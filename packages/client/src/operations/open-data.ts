import type { OpenDataPackage, OpenDataResourceName } from '@trajectoires/contract'
import { apiPrefix, id, type CallOptions, type Transport } from '../http.js'

/** The open data package: public, suppressed aggregates as CSV files with a Frictionless descriptor. */
export function openDataOperations(t: Transport) {
  return {
    /** The `datapackage.json` descriptor; each resource's `path` is `open-data/<name>.csv`. */
    getOpenData: (opts?: CallOptions) => t.get<OpenDataPackage>(`${apiPrefix}/open-data`, undefined, opts),
    /** One CSV file of the package, as text (RFC 4180, UTF-8). `name` with or without `.csv`. */
    getOpenDataResource: async (name: OpenDataResourceName | `${OpenDataResourceName}.csv`, opts?: CallOptions) =>
      (
        await t.send<string>({
          method: 'GET',
          path: `${apiPrefix}/open-data/${id(name)}`,
          accept: 'text/csv, application/problem+json',
          expect: 'text',
          signal: opts?.signal,
          retry: true,
        })
      ).data,
  }
}
