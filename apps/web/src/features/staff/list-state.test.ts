import { describe, expect, it } from 'vitest'
import { ApiError } from '@trajectoires/client'
import { listState } from './requests'

describe('listState, what a staff list shows while it is read', () => {
  it('says "loading" only while there is nothing to show yet', () => {
    expect(listState('loading', null, 0, 'None')).toEqual({ loading: true, error: null, empty: false })
    expect(listState('loading', null, 3, 'None')).toEqual({ loading: false, error: null, empty: false })
  })

  it('says the list is empty once read with nothing in it', () => {
    expect(listState('ready', null, 0, 'None')).toEqual({ loading: false, error: null, empty: 'None' })
    expect(listState('ready', null, 2, 'None').empty).toBe(false)
  })

  it('passes the error on', () => {
    const error = new ApiError({ status: 500, code: 'internal', detail: 'boom' })
    expect(listState('error', error, 0, 'None')).toEqual({ loading: false, error, empty: false })
  })
})
