import { renderErrorsDoc } from './errors-doc.js';
import { renderModelDoc } from '../phone-model/doc.js';

/**
 * Every generated document: its path (relative to the repository root) and its renderer.
 * `npm run docs` writes them; test/docs/generated.test.ts fails when one is stale.
 */
export interface GeneratedDoc {
  readonly path: string;
  render(): string | Promise<string>;
}

export const GENERATED_DOCS: readonly GeneratedDoc[] = [
  { path: 'docs/errors.md', render: renderErrorsDoc },
  { path: 'docs/model.md', render: renderModelDoc },
];
