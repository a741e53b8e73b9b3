/**
 * Geometry of the parallel arrows of one pair of hosts: the pair's route
 * shifted sideways by each flow's lane offset, its ends kept on the sides of
 * the two host boxes (lanes wider than a box's side meet at its corner).
 */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Top-left corner and size. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** How far inside a box's corner a lane may end. */
const CORNER = 3;

/**
 * `route` (from `start`'s box to `end`'s) shifted `offset` to its right looking along it (on screen, y grows
 * downward; negative: to its left); `span` is the width of all the pair's lanes, which its ends spread over.
 */
export function lanePoints(route: readonly Point[], offset: number, span: number, start: Box, end: Box): Point[] {
  const points = distinct(route);
  if (points.length < 2) return points;
  const shifted = offset === 0 ? points : points.map((point, i) => shift(point, offset, i > 0 ? points[i - 1] : undefined, points[i + 1]));
  const last = points.length - 1;
  shifted[0] = ontoSide(points[0], points[1], points[0], points[1], start, offset, span);
  shifted[last] = ontoSide(points[last], points[last - 1], points[last - 1], points[last], end, offset, span);
  return shifted;
}

function distinct(points: readonly Point[]): Point[] {
  return points.filter((point, i) => i === 0 || Math.hypot(point.x - points[i - 1].x, point.y - points[i - 1].y) > 0.01);
}

/** The unit normal on the right of the segment a → b, on screen. */
function normal(a: Point, b: Point): Point {
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  return { x: (a.y - b.y) / length, y: (b.x - a.x) / length };
}

/** A point shifted along the mean of its segments' normals, lengthened at bends so the lanes stay `offset` apart (capped at sharp ones). */
function shift(point: Point, offset: number, before: Point | undefined, after: Point | undefined): Point {
  const normals = [before && normal(before, point), after && normal(point, after)].filter((n): n is Point => n !== undefined);
  const mean = { x: normals.reduce((sum, n) => sum + n.x, 0), y: normals.reduce((sum, n) => sum + n.y, 0) };
  const length = Math.hypot(mean.x, mean.y);
  if (length < 1e-6) return point;
  const unit = { x: mean.x / length, y: mean.y / length };
  const miter = 1 / Math.max(0.5, unit.x * normals[0].x + unit.y * normals[0].y);
  return { x: point.x + unit.x * offset * miter, y: point.y + unit.y * offset * miter };
}

/**
 * A lane's end on `box`: on the side facing the route's next point (`neighbour`), the pair's lanes spread
 * over it around where the route itself ends, as far as the side is long. `from` → `to` is the route's
 * segment there, in travel order: the lane's right-hand side follows from it.
 */
function ontoSide(onRoute: Point, neighbour: Point, from: Point, to: Point, box: Box, offset: number, span: number): Point {
  const right = box.x + box.width;
  const bottom = box.y + box.height;
  const side = normal(from, to);
  if (neighbour.x < box.x || neighbour.x > right) {
    return { x: neighbour.x < box.x ? box.x : right, y: spread(onRoute.y, offset * Math.sign(side.y), span, box.y, bottom) };
  }
  return { x: spread(onRoute.x, offset * Math.sign(side.x), span, box.x, right), y: neighbour.y < box.y ? box.y : bottom };
}

/** Position `offset` from the centre of a `span` wide spread as near `at` as fits in [low, high] (inside the corners). */
function spread(at: number, offset: number, span: number, low: number, high: number): number {
  const clamp = (value: number, min: number, max: number) => (min > max ? (low + high) / 2 : Math.min(Math.max(value, min), max));
  const centre = clamp(at, low + CORNER + span / 2, high - CORNER - span / 2);
  return clamp(centre + offset, low + CORNER, high - CORNER);
}
