/**
 * Every text of a translation file as its dotted key with the placeholders it uses, e.g.
 * `fluid.dailyTotal: from,to,total`: two languages of one feature must give the same list.
 */
export function textPlaceholders(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [`${prefix}: ${[...value.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort().join(',')}`];
  return Object.entries(value as Record<string, unknown>)
    .flatMap(([key, child]) => textPlaceholders(child, prefix ? `${prefix}.${key}` : key))
    .sort();
}
