/** The rows of a fixed-height list to render: `start` inclusive, `end` exclusive. */
export interface VirtualWindow {
  start: number;
  end: number;
}

export interface VirtualWindowInput {
  count: number;
  rowHeight: number;
  viewportHeight: number;
  scrollTop: number;
  /** Rows rendered beyond each edge of the viewport, so a fast scroll shows no gap. */
  overscan: number;
}

/** The rows in view at `scrollTop`, plus `overscan` on each side. */
export function virtualWindow({ count, rowHeight, viewportHeight, scrollTop, overscan }: VirtualWindowInput): VirtualWindow {
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  // A list that shrank under a scrolled viewport shows its last rows until the scroll position catches up.
  const first = Math.min(Math.floor(Math.max(0, scrollTop) / rowHeight), count - 1);
  const inView = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  return { start: Math.max(0, first - overscan), end: Math.min(count, first + inView + overscan) };
}

/** The scroll position that brings row `index` fully into view, moving as little as possible. */
export function scrollTopToReveal(index: number, rowHeight: number, viewportHeight: number, scrollTop: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  const bottom = top + rowHeight;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}
