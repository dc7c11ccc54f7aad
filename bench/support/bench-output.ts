/**
 * What a bench prints: a readable line for people, and one `BENCH-RESULT {json}` line per
 * figure that bench/run.ts collects into the closing summary.
 */
export interface BenchFigure {
  bench: string;
  name: string;
  value: number;
  unit: string;
  /** The target this figure is held to, if any. */
  target?: { comparison: '>=' | '<='; value: number };
}

export function reportFigure(figure: BenchFigure): void {
  const verdict = figure.target ? ` (target ${figure.target.comparison} ${figure.target.value}: ${meetsTarget(figure) ? 'met' : 'NOT MET'})` : '';
  console.log(`  ${figure.name}: ${formatNumber(figure.value)} ${figure.unit}${verdict}`);
  console.log(`BENCH-RESULT ${JSON.stringify(figure)}`);
}

export function meetsTarget(figure: BenchFigure): boolean {
  if (!figure.target) return true;
  return figure.target.comparison === '>=' ? figure.value >= figure.target.value : figure.value <= figure.target.value;
}

export function formatNumber(value: number): string {
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 10 ? 1 : 2);
}

export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

export function benchDatabaseUrl(): string {
  const url = process.env.BENCH_SCRATCH_URL;
  if (!url) throw new Error('Run benches through `npm run bench`, which makes a scratch database (BENCH_SCRATCH_URL).');
  return url;
}
