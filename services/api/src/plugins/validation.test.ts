import { describe, expect, it } from 'vitest'
import { schemaController } from './validation.js'

describe('response serializers', () => {
  it('are compiled once per distinct schema, shared by routes and statuses', () => {
    const factory = schemaController!.compilersFactory!.buildSerializer!
    const shared = { Thing: { $id: 'Thing', type: 'object', properties: { name: { type: 'string' } } } }
    const compile = factory(shared, {})
    const problem = { $ref: 'Thing' }
    const a = compile({ schema: problem, method: 'GET', url: '/a', httpStatus: '404' })
    const b = compile({ schema: { $ref: 'Thing' }, method: 'POST', url: '/b', httpStatus: '406' })
    expect(b).toBe(a)
    expect(a({ name: 'x', other: 1 })).toBe('{"name":"x"}')
    // Another schema, or other shared schemas, get their own.
    expect(compile({ schema: { type: 'string' }, method: 'GET', url: '/a', httpStatus: '200' })).not.toBe(a)
    const other = factory({ Thing: { ...shared.Thing, properties: { id: { type: 'string' } } } }, {})
    const c = other({ schema: problem, method: 'GET', url: '/a', httpStatus: '404' })
    expect(c).not.toBe(a)
    expect(c({ id: 'y', name: 'x' })).toBe('{"id":"y"}')
  })
})
