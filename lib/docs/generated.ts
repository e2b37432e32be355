import { renderErrorsDoc } from './errors-doc.js';
import { replaceGeneratedSection } from '../profile/doc.js';
import { macroTableMarkdown } from '../profile-rule/index.js';
import { renderSuitesDoc } from '../runner/suites-doc.js';
import { renderModelDoc } from '../phone-model/doc.js';

/**
 * Every generated document: its path (relative to the repository root) and its renderer.
 * `npm run docs` writes them; test/docs/generated.test.ts fails when one is stale.
 */
export interface GeneratedDoc {
  readonly path: string;
  /**
   * The document's full text. Documents that are only partly generated get their current text
   * and replace their generated section in it.
   */
  render(current: string): string | Promise<string>;
}

/** Replaces the text between a `<!-- BEGIN GENERATED ...-->` line and `<!-- END GENERATED -->`. */
function replaceMarkedSection(current: string, body: string): string {
  const m = /(<!-- BEGIN GENERATED[^\n]*-->\n)[\s\S]*?(<!-- END GENERATED -->)/.exec(current);
  if (!m) return current;
  return current.slice(0, m.index) + m[1] + body + m[2] + current.slice(m.index + m[0].length);
}

export const GENERATED_DOCS: readonly GeneratedDoc[] = [
  { path: 'docs/errors.md', render: renderErrorsDoc },
  { path: 'docs/profile.md', render: (current) => replaceGeneratedSection(current) },
  { path: 'docs/profile-rules.md', render: (current) => replaceMarkedSection(current, macroTableMarkdown()) },
  { path: 'docs/suites.md', render: renderSuitesDoc },
  { path: 'docs/model.md', render: renderModelDoc },
];
