// The code view's height, changed by dragging its top edge; kept between the limits that leave the
// canvas usable.
import { useCallback, useState, type PointerEvent } from 'react';

export const MIN_HEIGHT = 120;

/** The height the panel may take in a window `windowHeight` tall: 300px stay for the top bar, the canvas and the problems. */
export function clampHeight(wanted: number, windowHeight: number): number {
  return Math.round(Math.max(MIN_HEIGHT, Math.min(wanted, windowHeight - 300)));
}

export function usePanelHeight(initial = 300): { height: number; startResize: (e: PointerEvent<HTMLElement>) => void } {
  const [height, setHeight] = useState(() => clampHeight(initial, window.innerHeight));
  const startResize = useCallback(
    (e: PointerEvent<HTMLElement>) => {
      e.preventDefault();
      const startY = e.clientY;
      const startHeight = height;
      const move = (m: globalThis.PointerEvent) => setHeight(clampHeight(startHeight + startY - m.clientY, window.innerHeight));
      const up = () => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
    },
    [height],
  );
  return { height, startResize };
}
