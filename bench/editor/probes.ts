// Functions the benchmark runs inside the page (passed to page.evaluate, so each is self-contained:
// no imports, no closures over this module). They keep their samples on `window`.

export interface EditSample {
  /** keydown → first task after it: the main thread's work for the edit */
  work: number;
  /** keydown → the next animation frame's callback */
  frame: number;
  /** keydown → a task queued from that callback: the frame's style, layout and paint are done */
  painted: number;
  /** at that frame the node showed the new value and the inspector the shape inferred from it */
  shown: boolean;
}

type Probed = Window & { __edits: EditSample[]; __frames: number[]; __recording: boolean };

/** Times every Enter in the param's input until the node on the canvas shows the typed value. */
export function installEditProbe({ param, node }: { param: string; node: string }): void {
  const w = window as unknown as Probed;
  w.__edits = [];
  window.addEventListener('keydown', (e) => {
    const input = e.target;
    if (e.key !== 'Enter' || !(input instanceof HTMLInputElement) || input.dataset.testid !== `param-${param}`) return;
    const t0 = e.timeStamp;
    const want = input.value;
    let work = Number.NaN;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { work = performance.now() - t0; };
    channel.port2.postMessage(null);
    requestAnimationFrame(() => {
      const frame = performance.now() - t0;
      // the node shows the value (unless zoomed out into the far view, which hides params), and
      // the inspector shows the output shape the analysis worked out from it
      const el = document.querySelector(`[data-testid="node-${node}"]`);
      const cells = [...(el?.querySelectorAll('.tl-node-param dd') ?? [])].map((d) => d.textContent);
      const inferred = document.querySelector('[data-testid="out-shape-out"]')?.textContent === `[batch, ${want}]`;
      const shown = inferred && (cells.includes(want) || !!el?.classList.contains('far'));
      setTimeout(() => w.__edits.push({ work, frame, painted: performance.now() - t0, shown }), 0);
    });
  }, true);
}

export function readEdits(): EditSample[] {
  return (window as unknown as Probed).__edits;
}

/** Records the time of every animation frame until readFrames is called. */
export function installFrameProbe(): void {
  const w = window as unknown as Probed;
  w.__frames = [];
  w.__recording = true;
  const tick = (t: number) => {
    w.__frames.push(t);
    if (w.__recording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

export function readFrames(): number[] {
  const w = window as unknown as Probed;
  w.__recording = false;
  return w.__frames;
}
