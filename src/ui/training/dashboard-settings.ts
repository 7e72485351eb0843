// The dashboard's settings and backend choice: their defaults, how they are kept in localStorage
// between visits (with whether the dashboard is open), and the run and worker settings they ask for.
import type { BrowserBackendName } from '../../runtime/backend-browser';
import { DEFAULT_SETTINGS, type RunRequest, type RunSettings } from '../../runtime/worker/protocol';

export interface DashboardSettings {
  mode: 'for' | 'untilStopped';
  /** iterations per press of Train, in 'for' mode */
  iterations: number;
  previewEvery: number;
  checkpointEvery: number;
  /** loss-chart smoothing weight in [0, 1) */
  smoothing: number;
  logScale: boolean;
}

export interface DashboardPrefs {
  open: boolean;
  settings: DashboardSettings;
  backend: BrowserBackendName | 'auto';
}

const STORAGE_KEY = 'tensorloom.training.v1';
const DEFAULTS: DashboardSettings = {
  mode: 'for', iterations: 500, previewEvery: DEFAULT_SETTINGS.previewEvery, checkpointEvery: DEFAULT_SETTINGS.checkpointEvery, smoothing: 0.6, logScale: false,
};
const CHOICES: readonly (BrowserBackendName | 'auto')[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

export function loadPrefs(): DashboardPrefs {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as { open?: unknown; settings?: Partial<DashboardSettings>; backend?: unknown };
    const backend = CHOICES.find((c) => c === saved.backend) ?? 'auto';
    return { open: saved.open === true, settings: { ...DEFAULTS, ...saved.settings }, backend };
  } catch {
    return { open: false, settings: DEFAULTS, backend: 'auto' };
  }
}

export function savePrefs(prefs: DashboardPrefs): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(prefs));
  } catch {
    // storage full or disabled: the preferences last for this page only
  }
}

/** The run one press of Train asks for. */
export function runRequestOf(s: DashboardSettings): RunRequest {
  return s.mode === 'untilStopped' ? { kind: 'untilStopped' } : { kind: 'for', iterations: Math.max(1, Math.round(s.iterations)) };
}

/** The worker's settings; losses are read back as often as the worker's default says. */
export function runSettingsOf(s: DashboardSettings): RunSettings {
  return { metricsEvery: DEFAULT_SETTINGS.metricsEvery, previewEvery: Math.max(0, Math.round(s.previewEvery)), checkpointEvery: Math.max(0, Math.round(s.checkpointEvery)) };
}
