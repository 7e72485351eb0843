// A small menu floating at a point of the window (a right-click, a dropped wire). It stays inside
// the window, and closes on Escape or a press anywhere outside it.
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import './menus.css';

export interface ScreenPoint {
  x: number;
  y: number;
}

export function PopupMenu({ at, onClose, label, children, testId }: {
  at: ScreenPoint;
  onClose: () => void;
  label: string;
  children: ReactNode;
  testId: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState(at);
  useLayoutEffect(() => {
    const r = ref.current?.getBoundingClientRect();
    if (!r) return;
    setPos({ x: Math.max(4, Math.min(at.x, window.innerWidth - r.width - 4)), y: Math.max(4, Math.min(at.y, window.innerHeight - r.height - 4)) });
  }, [at]);
  useEffect(() => {
    const away = (e: PointerEvent) => !ref.current?.contains(e.target as Node) && onClose();
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    // capture: React Flow's pane stops some pointer events from bubbling
    window.addEventListener('pointerdown', away, true);
    window.addEventListener('keydown', esc);
    return () => {
      window.removeEventListener('pointerdown', away, true);
      window.removeEventListener('keydown', esc);
    };
  }, [onClose]);
  return (
    <div ref={ref} className="tl-popup" role="menu" aria-label={label} style={{ left: pos.x, top: pos.y }} data-testid={testId}
      onContextMenu={(e) => e.preventDefault()}>
      {children}
    </div>
  );
}
