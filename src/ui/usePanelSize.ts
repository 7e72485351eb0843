// The sizes of the panels docked beside the canvas, changed by dragging their edge that faces it
// (the code view's top, the dashboard's left), kept between limits that leave the canvas usable.
import { useCallback, type PointerEvent } from 'react';

export const MIN_HEIGHT = 120;
export const MIN_WIDTH = 260;

/** The code view's height in a window `windowHeight` tall: 300px stay for the top bar, the canvas and the problems. */
export function clampHeight(wanted: number, windowHeight: number): number {
  return Math.round(Math.max(MIN_HEIGHT, Math.min(wanted, windowHeight - 300)));
}

/** The dashboard's width in a window `windowWidth` wide: 480px stay for the graphs panel and the canvas. */
export function clampWidth(wanted: number, windowWidth: number): number {
  return Math.round(Math.max(MIN_WIDTH, Math.min(wanted, windowWidth - 480)));
}

/**
 * A pointer-down handler for a panel's edge: dragging towards the canvas (up for a panel below it,
 * left for one on its right) grows the panel by as much; `onSize` gets each new wanted size, from
 * the size `current` gives when the drag starts.
 */
export function useEdgeDrag(current: () => number, onSize: (wanted: number) => void, axis: 'x' | 'y'): (e: PointerEvent<HTMLElement>) => void {
  return useCallback(
    (e: PointerEvent<HTMLElement>) => {
      e.preventDefault();
      const size = current();
      const start = axis === 'x' ? e.clientX : e.clientY;
      const move = (m: globalThis.PointerEvent) => onSize(size + start - (axis === 'x' ? m.clientX : m.clientY));
      const up = () => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
    },
    [current, onSize, axis],
  );
}
