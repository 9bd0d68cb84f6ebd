export * from './organisations.js'
export * from './campuses.js'
export * from './memberships.js'
export * from './idempotency.js'
