import type { Box, Point } from '../../server/src/engine';

/** Geometry the layout and SVG tests assert with; `slack` in pixels. */

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function contains(outer: Box, inner: Box, slack = 0): boolean {
  return inner.x >= outer.x - slack && inner.y >= outer.y - slack && inner.x + inner.width <= outer.x + outer.width + slack && inner.y + inner.height <= outer.y + outer.height + slack;
}

/** Whether `point` lies on the outline of `box`, give or take `slack`. */
export function onOutline(point: Point, box: Box, slack = 2): boolean {
  const inGrown = contains({ x: box.x - slack, y: box.y - slack, width: box.width + 2 * slack, height: box.height + 2 * slack }, { ...point, width: 0, height: 0 });
  const fromSide = Math.min(Math.abs(point.x - box.x), Math.abs(point.x - box.x - box.width), Math.abs(point.y - box.y), Math.abs(point.y - box.y - box.height));
  return inGrown && fromSide <= slack;
}

export const describeBox = (box: Box) => `(${box.x.toFixed(1)}, ${box.y.toFixed(1)}) ${box.width.toFixed(1)}×${box.height.toFixed(1)}`;
