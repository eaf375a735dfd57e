import type { CSSProperties } from 'react';

/**
 * Hides a node from sight but not from assistive technology. Applied inline, so it stays hidden even when the host
 * drops our stylesheet (`unstyled`).
 */
export const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  border: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};
