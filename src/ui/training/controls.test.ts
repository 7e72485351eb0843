// The iteration target cannot change under a run that goes: the field is read-only then, and says
// why and where the run in progress stops, instead of taking a value that changes nothing.
import { describe, expect, it } from 'vitest';
import { iterationsLocked, iterationsTitle } from './Controls';
import { loadPrefs } from './dashboard-settings';
import { initialView, type TrainingView } from './training-view';

const view = (patch: Partial<TrainingView>): TrainingView => ({ ...initialView(loadPrefs(), 'auto'), ...patch });

describe('the iterations field', () => {
  it('is locked while a run starts or goes, with the reason and its target', () => {
    for (const phase of ['starting', 'running'] as const) expect(iterationsLocked(view({ phase }))).toBe(true);
    expect(iterationsTitle(view({ phase: 'running', step: 40, target: 100 }))).toMatch(/^Fixed while the run goes \(this one goes to iteration 100\): pause it/);
  });

  it('takes a new value while paused or idle', () => {
    for (const phase of ['idle', 'paused'] as const) {
      expect(iterationsLocked(view({ phase }))).toBe(false);
      expect(iterationsTitle(view({ phase }))).toBe('How many iterations one press of Train runs');
    }
  });
});
