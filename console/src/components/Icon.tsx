// Line icons drawn as SVG (no icon font, nothing fetched); always paired with words, never alone.
import type { JSX } from 'preact';

const PATHS = {
  check: 'M5 12.5l4.5 4.5L19 7.5',
  cross: 'M7 7l10 10M17 7L7 17',
  circle: 'M12 4a8 8 0 1 0 0 16a8 8 0 1 0 0-16z',
  clock: 'M12 4a8 8 0 1 0 0 16a8 8 0 1 0 0-16zM12 8v4.5l3 2',
  sync: 'M5 11a7 7 0 0 1 12.3-4.3M19 13a7 7 0 0 1-12.3 4.3M17.5 3.5v3.5H14M6.5 20.5V17H10',
  alert: 'M12 4l9 16H3zM12 10v4.5M12 17.2v.3',
  ban: 'M12 4a8 8 0 1 0 0 16a8 8 0 1 0 0-16zM6.4 6.4l11.2 11.2',
  link: 'M10.5 13.5a3.5 3.5 0 0 0 5 0l3-3a3.5 3.5 0 0 0-5-5l-1 1M13.5 10.5a3.5 3.5 0 0 0-5 0l-3 3a3.5 3.5 0 0 0 5 5l1-1',
  outdated: 'M12 4a8 8 0 1 0 8 8M20 4v5h-5M12 8v4l2.5 1.5',
  cash: 'M3 7h18v10H3zM12 9.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5zM6 10v4M18 10v4',
  info: 'M12 4a8 8 0 1 0 0 16a8 8 0 1 0 0-16zM12 11v5M12 8v.3',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, class: className }: { name: IconName; class?: string }): JSX.Element {
  return (
    <svg
      class={`icon${className ? ` ${className}` : ''}`}
      viewBox="0 0 24 24"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
