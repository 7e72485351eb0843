// Session state: what the person is looking at, not what they made. Never undone, never part of
// the saved document: the open graph, the selection, viewports, the theme, and one-shot requests
// ("focus this node") from panels to the canvas.
import type { GraphScope } from '../graph/types';

export type Theme = 'light' | 'dark';

/** The side panels: the graphs and nodes column on the left, the inspector on the right. */
export type Side = 'left' | 'right';

/** Which side panels are shown (each remembers its own choice; presentation mode hides both for a while). */
export type PanelsShown = Readonly<Record<Side, boolean>>;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface SessionState {
  scope: GraphScope;
  /** selected node ids in the open graph */
  selectedNodes: readonly string[];
  /** selected edge ids in the open graph */
  selectedEdges: readonly string[];
  /** last viewport of each graph, by scopeKey */
  viewports: Readonly<Record<string, Viewport>>;
  theme: Theme;
  /** a request for the canvas to centre on a node; `nonce` makes repeated requests distinct */
  focus: { nodeId: string; nonce: number } | null;
  /** a request for the canvas to fit the whole graph in view (bumps on each request) */
  fit: number;
  /**
   * bumps each time another document is opened: the canvas starts afresh then, so that a node of
   * the new document does not keep the handles measured for a same-named node of the old one
   */
  document: number;
  panels: PanelsShown;
  /** presentation mode: the canvas and the dashboard only, in larger type (not kept over a reload) */
  presenting: boolean;
  /** the training dashboard's width in px, as dragged; null: the layout's own */
  dashboardWidth: number | null;
}

export const initialSession = (theme: Theme = 'light'): SessionState => ({
  scope: { kind: 'main' },
  selectedNodes: [],
  selectedEdges: [],
  viewports: {},
  theme,
  focus: null,
  fit: 0,
  document: 0,
  panels: { left: true, right: true },
  presenting: false,
  dashboardWidth: null,
});

export const sameScope = (a: GraphScope, b: GraphScope) =>
  a.kind === b.kind && (a.kind === 'main' || (b.kind === 'model' && a.modelId === b.modelId));

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export class SessionStore {
  private state: SessionState;
  private listeners = new Set<() => void>();
  private nonce = 0;

  constructor(state: SessionState = initialSession()) {
    this.state = state;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionState => this.state;

  /** Opens a graph; the selection belongs to the graph it was made in, so it is cleared. */
  open(scope: GraphScope): void {
    if (sameScope(scope, this.state.scope)) return;
    this.set({ scope, selectedNodes: [], selectedEdges: [], focus: null });
  }

  select(nodes: readonly string[], edges: readonly string[] = []): void {
    if (sameList(nodes, this.state.selectedNodes) && sameList(edges, this.state.selectedEdges)) return;
    this.set({ selectedNodes: [...nodes], selectedEdges: [...edges] });
  }

  setViewport(key: string, v: Viewport): void {
    this.set({ viewports: { ...this.state.viewports, [key]: v } });
  }

  setTheme(theme: Theme): void {
    if (theme !== this.state.theme) this.set({ theme });
  }

  togglePanel(side: Side): void {
    this.set({ panels: { ...this.state.panels, [side]: !this.state.panels[side] } });
  }

  setDashboardWidth(px: number): void {
    if (px !== this.state.dashboardWidth) this.set({ dashboardWidth: px });
  }

  setPresenting(on: boolean): void {
    if (on !== this.state.presenting) this.set({ presenting: on });
  }

  /** Opens the node's graph, selects the node and asks the canvas to centre on it. */
  focusNode(scope: GraphScope, nodeId: string): void {
    this.set({ scope, selectedNodes: [nodeId], selectedEdges: [], focus: { nodeId, nonce: ++this.nonce } });
  }

  /** Fit the whole open graph in view. */
  requestFit(): void {
    this.set({ fit: this.state.fit + 1 });
  }

  /** Another document was opened: start on its training graph, fitted, with nothing selected. */
  newDocument(): void {
    this.set({ scope: { kind: 'main' }, selectedNodes: [], selectedEdges: [], viewports: {}, focus: null, fit: this.state.fit + 1, document: this.state.document + 1 });
  }

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of [...this.listeners]) l();
  }
}
