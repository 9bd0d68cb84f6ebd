import { AxeBuilder } from '@axe-core/playwright'
import type { Result } from 'axe-core'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/** The WCAG 2.1 A and AA rules: what issue 6 asks every page to pass. */
const wcag21aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** One line per failing node: rule, impact, element, and what axe says to fix. */
function describeViolations(violations: Result[]): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? 'n/a'}): ${node.target.join(' ')} — ${node.failureSummary?.replace(/\s+/g, ' ') ?? violation.help}`,
    ),
  )
}

/**
 * Runs axe-core on the page as it is now (wait for the content first) and fails the test with a
 * readable list when any WCAG 2.1 AA rule is violated. `exclude` takes CSS selectors to leave out.
 */
export async function expectNoAxeViolations(page: Page, options: { exclude?: string[] } = {}): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(wcag21aa)
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector)
  const results = await builder.analyze()
  expect(describeViolations(results.violations), `axe-core violations on ${page.url()}`).toEqual([])
}
