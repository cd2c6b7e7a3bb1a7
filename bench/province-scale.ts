/** The province's scale (issue 24): 20,000 open measures, 60,000 assignments; `duban bench --only province --full`. */
export const PROVINCE_MEASURES = 20_000;
/** What `--only province` runs without `--full`: a tenth, which the shared 2-core machine finishes in minutes. */
export const DEFAULT_PROVINCE_MEASURES = 2_000;
