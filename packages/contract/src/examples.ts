/**
 * Examples of the API's answers, attached to the schemas (`examples`) so that they land in the
 * contract and its interactive docs. Taken from a demonstration database (provenance `demo`:
 * not real people) and shortened to one or two items a list; secrets are replaced by values that
 * are obviously examples. services/api/test/examples.test.ts checks each against its schema.
 * One file per area in examples/.
 */
export * from './examples/network.js'
export * from './examples/records.js'
export * from './examples/outcomes.js'
export * from './examples/access.js'
export * from './examples/stats.js'
export * from './examples/snapshots.js'
export * from './examples/open-data.js'
export * from './examples/service.js'
