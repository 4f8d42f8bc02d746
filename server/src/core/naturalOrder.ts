/**
 * The order of labels people name (releases, group keys): `v2` before
 * `v10`, case and accents aside. One collator for all, made when first
 * used: making one (ICU's data) took 4 ms of every CLI start, for reports
 * that mostly never sort a label.
 */
let collator: Intl.Collator | undefined;

/** Compares two labels in natural order (0 for labels that differ only in case or accents). */
export function naturalCompare(a: string, b: string): number {
  return (collator ??= new Intl.Collator('en', { numeric: true, sensitivity: 'base' })).compare(a, b);
}
