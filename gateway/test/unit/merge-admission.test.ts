import { describe, expect, it } from 'vitest'
import { MergeAdmission } from '../../src/federation/admission.js'

describe('MergeAdmission', () => {
  it('lets one client hold at most its share, so another client still gets deep work admitted', () => {
    const admission = new MergeAdmission(10_000)
    const first = admission.enter(5_000, 'flood')
    expect(() => admission.enter(1_000, 'flood')).toThrow(expect.objectContaining({ code: 'SEE_SORTED_BUSY', statusCode: 503 }))
    const other = admission.enter(4_000, 'pdn')
    expect(() => admission.enter(2_000, 'third')).toThrow(expect.objectContaining({ code: 'SEE_SORTED_BUSY' }))
    first()
    other()
    expect(admission.inUse).toBe(0)
  })

  it('admits work larger than the budget alone, and releases once however often release is called', () => {
    const admission = new MergeAdmission(1_000)
    const big = admission.enter(50_000, 'a')
    expect(() => admission.enter(1, 'b')).toThrow(expect.objectContaining({ code: 'SEE_SORTED_BUSY' }))
    big()
    big()
    expect(admission.inUse).toBe(0)
    admission.enter(10, 'b')()
  })
})
