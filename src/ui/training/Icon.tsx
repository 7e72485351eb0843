// Small media-control icons drawn as SVG: the ⏸ ⏭ ⏹ characters are missing from many fonts.
const PATHS = {
  play: 'M4 2.5v11l9-5.5z',
  pause: 'M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z',
  step: 'M2.5 2.5v11l8-5.5zM11 2.5h2.5v11H11z',
  stop: 'M3 3h10v10H3z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="tl-icon" width="11" height="11" viewBox="0 0 16 16" aria-hidden>
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
