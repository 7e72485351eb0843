// Every registered node says where its idea comes from (docs.paper): a paper or book chapter with
// its authors and year, or the docs page of the framework whose layer or function it mirrors, at an
// address of the publisher itself.
import { describe, expect, it } from 'vitest';
import { NODE_SPECS } from '../../nodes';

const HOSTS = [
  'arxiv.org', 'doi.org', 'jmlr.org', 'proceedings.mlr.press', 'openreview.net', 'distill.pub', 'www.cs.toronto.edu',
  'www.deeplearningbook.org', 'keras.io', 'js.tensorflow.org', 'docs.pytorch.org',
];

describe('node sources', () => {
  for (const spec of NODE_SPECS) {
    it(`${spec.type} names its source`, () => {
      const ref = spec.docs.paper;
      expect(ref, 'docs.paper').toBeDefined();
      if (!ref) return;
      expect(ref.title.trim()).not.toBe('');
      if ('authors' in ref) {
        expect(ref.authors.trim()).not.toBe('');
        expect(Number.isInteger(ref.year) && ref.year >= 1950 && ref.year <= new Date().getFullYear(), `year ${ref.year}`).toBe(true);
      } else {
        expect(ref.site.trim()).not.toBe('');
      }
      const url = new URL(ref.url);
      expect(url.protocol).toBe('https:');
      expect(HOSTS, ref.url).toContain(url.hostname);
      // arXiv: the abstract page, which links every version, not one PDF
      if (url.hostname === 'arxiv.org') expect(url.pathname).toMatch(/^\/abs\/\d{4}\.\d{4,5}$/);
    });
  }
});
