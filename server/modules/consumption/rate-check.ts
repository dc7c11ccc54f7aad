/**
 * The rate check, as a pure function over the readings billing keeps (excursions left out).
 *
 * Two telegrams seconds apart prove nothing about a flow, so readings closer than
 * `MIN_INTERVAL_MS` to the last one looked at are skipped; the intervals that remain are at
 * least that long. A stretch of consecutive intervals each above the limit, lasting at least
 * `MIN_STRETCH_MS`, is sustained flow over the limit: it stays billed (a burst pipe is real
 * water), and the caller opens a leak alert and a staff item for it.
 */
export interface RatedReading {
  /** UTC milliseconds, strictly increasing. */
  at: number;
  /** Fixed-point index. */
  index: bigint;
}

export interface OverLimitStretch {
  from: number;
  to: number;
  /** What the index rose over the stretch (fixed point). */
  volume: bigint;
  /** The steepest interval's rate, per hour (fixed point). */
  peakRatePerHour: bigint;
}

const MIN_INTERVAL_MS = 15 * 60 * 1000;
const MIN_STRETCH_MS = 60 * 60 * 1000;
const HOUR_MS = 3_600_000n;

/**
 * `segmentStarts`: positions where a new segment starts (a reset, a restart from zero): the
 * interval ending there is no flow.
 */
export function findOverLimitStretches(
  readings: readonly RatedReading[],
  maxRatePerHour: bigint,
  segmentStarts: ReadonlySet<number> = new Set(),
): OverLimitStretch[] {
  const stretches: OverLimitStretch[] = [];
  let open: OverLimitStretch | undefined;
  const close = () => {
    if (open && open.to - open.from >= MIN_STRETCH_MS) stretches.push(open);
    open = undefined;
  };
  let last: RatedReading | undefined;
  for (const [position, reading] of readings.entries()) {
    if (segmentStarts.has(position)) {
      close();
      last = reading;
      continue;
    }
    if (!last) {
      last = reading;
      continue;
    }
    const elapsed = reading.at - last.at;
    if (elapsed < MIN_INTERVAL_MS) continue;
    const rise = reading.index - last.index;
    // rise / elapsed > max / hour, in integers.
    const isOver = rise > 0n && rise * HOUR_MS > maxRatePerHour * BigInt(elapsed);
    if (isOver) {
      const rate = (rise * HOUR_MS) / BigInt(elapsed);
      if (open) {
        open.to = reading.at;
        open.volume += rise;
        if (rate > open.peakRatePerHour) open.peakRatePerHour = rate;
      } else {
        open = { from: last.at, to: reading.at, volume: rise, peakRatePerHour: rate };
      }
    } else {
      close();
    }
    last = reading;
  }
  close();
  return stretches;
}
