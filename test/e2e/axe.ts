// The accessibility audit every view must pass: axe-core with the WCAG 2.0/2.1 A and AA rules, including the
// experimental ones carrying those tags (label-content-name-mismatch among them: axe leaves them off by default).
import AxeBuilder from '@axe-core/playwright';
import axe from 'axe-core';
import type { Page } from '@playwright/test';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Rule ids, not tags: a tag list would still skip the experimental rules. */
export const WCAG_RULES = axe.getRules(WCAG_TAGS).map((rule) => rule.ruleId);

/** One line per failing node: rule, impact, target and axe's own summary, so a failure says what to fix. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withRules(WCAG_RULES).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${violation.id} (${violation.impact ?? 'n/a'}) ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ') ?? violation.help}`,
    ),
  );
}
