// The labels kashif marks and their names in Arabic, shown in the legend and the index and given
// to assistive technology on every mark.
//
// The order is the legend's. The element uses the wasm module's `labels()` once it has loaded;
// this copy parses the `labels` attribute before then (tests/e2e/api.test.mjs checks the two
// agree).

/** Every label, in the legend's order. */
export const LABELS = Object.freeze(["PER", "LOC", "ORG", "MISC", "DATE", "TIME", "MONEY", "PERCENT"]);

/** Names shown in the legend, in Arabic; the code stays visible for analysts. */
export const LABEL_NAMES = Object.freeze({
  PER: "أشخاص",
  LOC: "أماكن",
  ORG: "منظمات",
  MISC: "أخرى",
  DATE: "تواريخ",
  TIME: "أوقات",
  MONEY: "مبالغ",
  PERCENT: "نسب",
});

/** What one mark of each label is, in Arabic (singular), for assistive technology. */
export const LABEL_KINDS = Object.freeze({
  PER: "شخص",
  LOC: "مكان",
  ORG: "منظمة",
  MISC: "كيان آخر",
  DATE: "تاريخ",
  TIME: "وقت",
  MONEY: "مبلغ",
  PERCENT: "نسبة",
});

/**
 * The labels named in `value` (an attribute: separated by spaces or commas, any case), known
 * ones only, in the order given; `null` when `value` is null (no filter).
 */
export function parseLabels(value) {
  if (value == null) return null;
  const names = String(value).split(/[\s,]+/).map((name) => name.trim().toUpperCase()).filter(Boolean);
  return [...new Set(names)].filter((name) => LABELS.includes(name));
}
