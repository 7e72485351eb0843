import { describe, expect, it } from 'vitest';
import { extractFragment } from '../../store/edits';
import { sampleDoc } from '../../store/fixtures';
import { fragmentOrigin, fragmentToText, textToFragment } from './clipboard';

describe('clipboard', () => {
  it('round-trips a fragment through text', () => {
    const frag = extractFragment(sampleDoc().models.mlp!, ['dense1', 'output1']);
    expect(textToFragment(fragmentToText(frag))).toEqual(frag);
    expect(fragmentOrigin(frag)).toEqual({ x: 200, y: 0 });
  });

  it('refuses text that is not a fragment', () => {
    expect(textToFragment('hello')).toBeNull();
    expect(textToFragment('{"format":"tensorloom-fragment","nodes":[{"id":1}],"edges":[]}')).toBeNull();
    expect(textToFragment('{"format":"other","nodes":[],"edges":[]}')).toBeNull();
    expect(textToFragment('{"format":"tensorloom-fragment","nodes":[{"id":"a","type":"t","params":{"x":{}},"position":{"x":0,"y":0}}],"edges":[]}')).toBeNull();
  });
});
