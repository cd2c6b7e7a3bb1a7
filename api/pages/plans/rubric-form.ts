import { z } from 'zod';
import { COMPARATOR_SIGNS } from '../../../scoring/target-attainment';
import { rubricPoints, type TRubric } from '../../../scoring/rubric';
import type { TComparator } from '../../../scoring/types';
import { fieldProblem, ZRepeatedSchema, type TProblem } from '../forms';
import { html, type Raw } from '../html';
import type { TMessageKey, TTranslate } from '../i18n';

/**
 * The 考核方案 as a form of plain fields: every part of scoring/rubric.ts's ZRubricSchema, as typed (strings), so that a
 * refused form comes back exactly as it was. Field names are the rubric's own paths behind `r.` (`r.indicators.0.points`),
 * rows are added and removed by submit buttons (`add:indicators`, `remove:indicators.0`), and the rubric it stands for
 * is built from it (draftRubric) and parsed by the same services as the JSON and xlsx paths.
 */
const s = z.string().max(500).default('');
const ZDeductionDraftSchema = z.object({ free: s, each: s, max: s }).prefault({});
export const INDICATOR_KINDS = ['all-or-nothing', 'linear', 'bands'] as const;
export const UNIT_KINDS = ['government', 'department', 'agency', 'enterprise', 'other'] as const;
const rows = <T extends z.ZodType>(row: T) => z.array(row).max(200).default([]);

export const ZRubricDraftSchema = z.object({
  total: s,
  completion: z.object({ weight: s, lateShare: s }).prefault({}),
  timeliness: z.object({ weight: s, perWorkingDayLate: s, lateFloor: s }).prefault({}),
  targets: z.object({ weight: s, partialCap: s }).prefault({}),
  roleShare: z.object({ lead: s, cooperating: s }).prefault({}),
  deductions: z.object({ urge: ZDeductionDraftSchema, supervise: ZDeductionDraftSchema, coordinator: ZDeductionDraftSchema }).prefault({}),
  returns: z.object({ each: s, max: s }).prefault({}),
  annualSummary: z.object({ missing: s, late: s }).prefault({}),
  bonus: z.object({ cap: s }).prefault({}),
  appraisal: z.object({ max: s }).prefault({}),
  indicators: rows(
    z.object({
      name: s,
      targets: ZRepeatedSchema,
      points: s,
      kind: z.enum(INDICATOR_KINDS).catch('all-or-nothing'),
      baseline: s,
      bands: rows(z.object({ reach: s, credit: s })),
    }),
  ),
  measureWeights: rows(z.object({ ref: s, weight: s })),
  classes: rows(z.object({ name: s, kinds: ZRepeatedSchema, units: ZRepeatedSchema, excellentQuota: s })),
  subjects: ZRepeatedSchema,
  grades: rows(z.object({ grade: s, min: s })),
});
export type TRubricDraft = z.infer<typeof ZRubricDraftSchema>;

/** The lists of rows a button may add to or remove from: their paths in the draft. */
type TRowList = 'indicators' | 'measureWeights' | 'classes' | 'grades' | `indicators.${number}.bands`;

const text = (n: number | undefined): string => (n === undefined ? '' : String(n));

/** A saved 方案 as the form first shows it. */
export function draftOf(r: TRubric): TRubricDraft {
  const ded = (d: TRubric['deductions']['urge']) => ({ free: text(d.free), each: text(d.each), max: text(d.max) });
  return {
    total: text(r.total),
    completion: { weight: text(r.completion.weight), lateShare: text(r.completion.lateShare) },
    timeliness: { weight: text(r.timeliness.weight), perWorkingDayLate: text(r.timeliness.perWorkingDayLate), lateFloor: text(r.timeliness.lateFloor) },
    targets: { weight: text(r.targets.weight), partialCap: text(r.targets.partialCap) },
    roleShare: { lead: text(r.roleShare.lead), cooperating: text(r.roleShare.cooperating) },
    deductions: { urge: ded(r.deductions.urge), supervise: ded(r.deductions.supervise), coordinator: ded(r.deductions.coordinator) },
    returns: { each: text(r.returns.each), max: text(r.returns.max) },
    annualSummary: { missing: text(r.annualSummary.missing), late: text(r.annualSummary.late) },
    bonus: { cap: text(r.bonus.cap) },
    appraisal: { max: text(r.appraisal.max) },
    indicators: r.indicators.map((i) => ({
      name: i.name,
      targets: i.targets,
      points: text(i.points),
      kind: i.rule.kind,
      baseline: i.rule.kind === 'all-or-nothing' ? '' : text(i.rule.baseline),
      bands: i.rule.kind === 'bands' ? i.rule.bands.map((b) => ({ reach: text(b.reach), credit: text(b.credit) })) : [],
    })),
    measureWeights: Object.entries(r.measureWeights).map(([ref, weight]) => ({ ref, weight: text(weight) })),
    classes: r.classes.map((c) => ({ name: c.name, kinds: c.kinds, units: c.units, excellentQuota: text(c.excellentQuota) })),
    subjects: r.subjects,
    grades: r.grades.map((g) => ({ grade: g.grade, min: text(g.min) })),
  };
}

/**
 * The posted fields (`r.<path>`) as a draft: paths are unflattened into objects and arrays; a segment that is neither
 * a plain name nor a small index is ignored, so a crafted field can neither pollute a prototype nor grow a huge array.
 */
export function draftFromBody(body: Record<string, unknown>): TRubricDraft {
  const root: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(body)) {
    if (!key.startsWith('r.')) continue;
    const path = key.slice(2).split('.');
    if (!path.every((seg) => /^(?:[A-Za-z]{1,40}|\d{1,3})$/.test(seg))) continue;
    let at = root;
    path.forEach((seg, i) => {
      if (i === path.length - 1) at[seg] = value;
      else at = (at[seg] ??= Object.create(null)) as Record<string, unknown>;
    });
  }
  return ZRubricDraftSchema.parse(arrays(root));
}

/** Objects keyed by indices become arrays in index order (a gap closes up). */
function arrays(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const entries = Object.entries(v);
  if (entries.length && entries.every(([k]) => /^\d+$/.test(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, x]) => arrays(x));
  }
  return Object.fromEntries(entries.map(([k, x]) => [k, arrays(x)]));
}

/** What a row button asks for, read from `intent`; null for preview and save. */
export function rowIntent(intent: string): { op: 'add' | 'remove'; list: TRowList; index: number | null } | null {
  const m = /^(add|remove):(indicators|measureWeights|classes|grades|indicators\.\d{1,3}\.bands)(?:\.(\d{1,3}))?$/.exec(intent);
  if (!m) return null;
  const op = m[1] as 'add' | 'remove';
  const index = m[3] === undefined ? null : Number(m[3]);
  if ((op === 'remove') !== (index !== null)) return null;
  return { op, list: m[2] as TRowList, index };
}

/** The draft with a row added (empty, at the end) or removed. */
export function applyRowIntent(d: TRubricDraft, r: NonNullable<ReturnType<typeof rowIntent>>): TRubricDraft {
  const change = <T>(list: T[], empty: T): T[] => (r.op === 'add' ? [...list, empty] : list.filter((_, i) => i !== r.index));
  const bands = /^indicators\.(\d+)\.bands$/.exec(r.list);
  if (bands) {
    const at = Number(bands[1]);
    return { ...d, indicators: d.indicators.map((i, n) => (n === at ? { ...i, bands: change(i.bands, { reach: '', credit: '' }) } : i)) };
  }
  switch (r.list) {
    case 'indicators':
      return { ...d, indicators: change(d.indicators, { name: '', targets: [], points: '', kind: 'all-or-nothing', baseline: '', bands: [] }) };
    case 'measureWeights':
      return { ...d, measureWeights: change(d.measureWeights, { ref: '', weight: '' }) };
    case 'classes':
      return { ...d, classes: change(d.classes, { name: '', kinds: [], units: [], excellentQuota: '' }) };
    default:
      return { ...d, grades: change(d.grades, { grade: '', min: '' }) };
  }
}

/**
 * The rubric the draft stands for, for the services to parse, and what is wrong with its fields before that: a number
 * field that is empty or not a number, a 权重 row without its measure or named twice. Optional fields left empty are
 * left out (the schema's default or "none").
 */
export function draftRubric(d: TRubricDraft): { raw: Record<string, unknown>; problems: { path: string; key: TMessageKey }[] } {
  const problems: { path: string; key: TMessageKey }[] = [];
  const num = (v: string, path: string): number => {
    const n = v.trim() ? Number(v.trim()) : Number.NaN;
    if (!Number.isFinite(n)) problems.push({ path, key: v.trim() ? 'rubricFormNotNumber' : 'rubricFormNumberNeeded' });
    return n;
  };
  const opt = (v: string, path: string): number | undefined => (v.trim() ? num(v, path) : undefined);
  const ded = (x: TRubricDraft['deductions']['urge'], p: string) => {
    const max = opt(x.max, `${p}.max`);
    return { free: num(x.free, `${p}.free`), each: num(x.each, `${p}.each`), ...(max === undefined ? {} : { max }) };
  };
  const weights: Record<string, number> = {};
  d.measureWeights.forEach((w, i) => {
    const ref = w.ref.trim();
    if (!ref) problems.push({ path: `measureWeights.${i}.ref`, key: 'rubricFormRefNeeded' });
    else if (Object.hasOwn(weights, ref)) problems.push({ path: `measureWeights.${i}.ref`, key: 'rubricFormRefTwice' });
    weights[ref] = num(w.weight, `measureWeights.${i}.weight`);
  });
  const total = opt(d.total, 'total');
  const returnsMax = opt(d.returns.max, 'returns.max');
  const raw = {
    ...(total === undefined ? {} : { total }),
    completion: { weight: num(d.completion.weight, 'completion.weight'), lateShare: num(d.completion.lateShare, 'completion.lateShare') },
    timeliness: {
      weight: num(d.timeliness.weight, 'timeliness.weight'),
      perWorkingDayLate: num(d.timeliness.perWorkingDayLate, 'timeliness.perWorkingDayLate'),
      lateFloor: num(d.timeliness.lateFloor, 'timeliness.lateFloor'),
    },
    targets: { weight: num(d.targets.weight, 'targets.weight'), partialCap: num(d.targets.partialCap, 'targets.partialCap') },
    roleShare: { lead: num(d.roleShare.lead, 'roleShare.lead'), cooperating: num(d.roleShare.cooperating, 'roleShare.cooperating') },
    deductions: {
      urge: ded(d.deductions.urge, 'deductions.urge'),
      supervise: ded(d.deductions.supervise, 'deductions.supervise'),
      coordinator: ded(d.deductions.coordinator, 'deductions.coordinator'),
    },
    returns: { each: num(d.returns.each, 'returns.each'), ...(returnsMax === undefined ? {} : { max: returnsMax }) },
    annualSummary: { missing: num(d.annualSummary.missing, 'annualSummary.missing'), late: num(d.annualSummary.late, 'annualSummary.late') },
    bonus: { cap: num(d.bonus.cap, 'bonus.cap') },
    appraisal: { max: num(d.appraisal.max, 'appraisal.max') },
    indicators: d.indicators.map((ind, i) => {
      const p = `indicators.${i}`;
      const baseline = ind.kind === 'all-or-nothing' ? undefined : opt(ind.baseline, `${p}.baseline`);
      const rule =
        ind.kind === 'all-or-nothing'
          ? { kind: ind.kind }
          : ind.kind === 'linear'
            ? { kind: ind.kind, ...(baseline === undefined ? {} : { baseline }) }
            : {
                kind: ind.kind,
                ...(baseline === undefined ? {} : { baseline }),
                bands: ind.bands.map((b, j) => ({ reach: num(b.reach, `${p}.bands.${j}.reach`), credit: num(b.credit, `${p}.bands.${j}.credit`) })),
              };
      return { name: ind.name.trim(), targets: ind.targets, points: num(ind.points, `${p}.points`), rule };
    }),
    measureWeights: weights,
    classes: d.classes.map((c, i) => {
      const quota = opt(c.excellentQuota, `classes.${i}.excellentQuota`);
      return { name: c.name.trim(), kinds: c.kinds, units: c.units, ...(quota === undefined ? {} : { excellentQuota: quota }) };
    }),
    subjects: d.subjects,
    grades: d.grades.map((g, i) => ({ grade: g.grade.trim(), min: num(g.min, `grades.${i}.min`) })),
  };
  return { raw, problems };
}

/**
 * A rubric path (as the schema or the plan check names it) as the form's field: the input's id, and the label that
 * names it with its row. A rule's fields sit on the indicator's row; a 权重 is named by its measure's ref, found in
 * the draft. A path that is no input (the whole 方案) is the form's, id null.
 */
export function fieldOf(t: TTranslate, d: TRubricDraft, path: readonly (string | number)[]): { id: string | null; label: string | null } {
  const p = path.map(String).filter((seg) => seg !== 'rule');
  if (p[0] === 'measureWeights' && p.length === 2 && !/^\d+$/.test(p[1]!)) {
    const row = d.measureWeights.findIndex((w) => w.ref.trim() === p[1]);
    if (row >= 0) p.splice(1, 1, String(row), 'weight');
  }
  // An entry of a multiple choice is named by its list: the select is the field.
  if (p.length > 1 && /^\d+$/.test(p[p.length - 1]!) && ['subjects', 'units', 'targets', 'kinds'].includes(p[p.length - 2]!)) p.pop();
  if (!p.length) return { id: null, label: null };
  const id = `r-${p.join('-')}`;
  const names: string[] = [];
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (/^\d+$/.test(seg)) continue;
    const row = /^\d+$/.test(p[i + 1] ?? '') ? Number(p[i + 1]) + 1 : null;
    const key = `rubricForm_${p.slice(0, i).filter((x) => !/^\d+$/.test(x)).concat(seg).join('_')}`;
    const name = (LABELS as Record<string, TMessageKey>)[key];
    names.push(name ? (row === null ? t(name) : `${t(name)} ${row}`) : seg);
  }
  return { id, label: names.join(' · ') };
}

/** The label of each field and row list, by its path in the draft. */
const LABELS = {
  rubricForm_total: 'rubricFormTotal',
  rubricForm_completion: 'rubricCompletion',
  rubricForm_completion_weight: 'rubricPoints',
  rubricForm_completion_lateShare: 'rubricFormLateShare',
  rubricForm_timeliness: 'rubricTimeliness',
  rubricForm_timeliness_weight: 'rubricPoints',
  rubricForm_timeliness_perWorkingDayLate: 'rubricFormPerDayLate',
  rubricForm_timeliness_lateFloor: 'rubricFormLateFloor',
  rubricForm_targets: 'rubricTargets',
  rubricForm_targets_weight: 'rubricPoints',
  rubricForm_targets_partialCap: 'rubricFormPartialCap',
  rubricForm_roleShare: 'rubricFormRoleShare',
  rubricForm_roleShare_lead: 'rubricFormLead',
  rubricForm_roleShare_cooperating: 'rubricFormCooperating',
  rubricForm_deductions: 'rubricDeductions',
  rubricForm_deductions_urge: 'rubricUrge',
  rubricForm_deductions_supervise: 'rubricSupervise',
  rubricForm_deductions_coordinator: 'rubricCoordinator',
  rubricForm_deductions_urge_free: 'rubricFormFree',
  rubricForm_deductions_urge_each: 'rubricFormEach',
  rubricForm_deductions_urge_max: 'rubricFormMax',
  rubricForm_deductions_supervise_free: 'rubricFormFree',
  rubricForm_deductions_supervise_each: 'rubricFormEach',
  rubricForm_deductions_supervise_max: 'rubricFormMax',
  rubricForm_deductions_coordinator_free: 'rubricFormFree',
  rubricForm_deductions_coordinator_each: 'rubricFormEach',
  rubricForm_deductions_coordinator_max: 'rubricFormMax',
  rubricForm_returns: 'rubricFormReturns',
  rubricForm_returns_each: 'rubricFormEach',
  rubricForm_returns_max: 'rubricFormMax',
  rubricForm_annualSummary: 'rubricFormAnnualSummary',
  rubricForm_annualSummary_missing: 'rubricFormSummaryMissing',
  rubricForm_annualSummary_late: 'rubricFormSummaryLate',
  rubricForm_bonus: 'rubricFormBonus',
  rubricForm_bonus_cap: 'rubricFormCap',
  rubricForm_appraisal: 'rubricAppraisal',
  rubricForm_appraisal_max: 'rubricFormAppraisalMax',
  rubricForm_indicators: 'rubricFormIndicatorRow',
  rubricForm_indicators_name: 'rubricFormIndicatorName',
  rubricForm_indicators_targets: 'rubricFormIndicatorTargets',
  rubricForm_indicators_points: 'rubricPoints',
  rubricForm_indicators_kind: 'rubricFormRule',
  rubricForm_indicators_baseline: 'rubricFormBaseline',
  rubricForm_indicators_bands: 'rubricFormBandRow',
  rubricForm_indicators_bands_reach: 'rubricFormReach',
  rubricForm_indicators_bands_credit: 'rubricFormCredit',
  rubricForm_measureWeights: 'rubricFormWeightRow',
  rubricForm_measureWeights_ref: 'rubricFormRef',
  rubricForm_measureWeights_weight: 'rubricFormWeight',
  rubricForm_classes: 'rubricFormClassRow',
  rubricForm_classes_name: 'rubricFormClassName',
  rubricForm_classes_kinds: 'rubricFormKinds',
  rubricForm_classes_units: 'rubricFormClassUnits',
  rubricForm_classes_excellentQuota: 'rubricFormQuota',
  rubricForm_subjects: 'rubricFormSubjects',
  rubricForm_grades: 'rubricFormGradeRow',
  rubricForm_grades_grade: 'rubricFormGrade',
  rubricForm_grades_min: 'rubricFormGradeMin',
} as const satisfies Record<string, TMessageKey>;

/** What the form offers to choose from: the plan's targets, the registry's units. */
export type TRubricChoices = {
  targets: { id: string; ref: string; indicator: string; comparator: TComparator; value: number; unit: string }[];
  units: { id: string; name: string }[];
};

/** The form's fields for the draft, each labelled, with its problems beside it and the buttons that add and remove rows. */
export function rubricFields(t: TTranslate, d: TRubricDraft, choices: TRubricChoices, problems: TProblem[]): Raw {
  const state = { problems };
  const field = (path: string, label: string, value: string, o: { hint?: string; optional?: boolean } = {}) => {
    const id = `r-${path.replace(/\./g, '-')}`;
    const f = fieldProblem(state, id);
    return html`<div><label for="${id}">${label}${o.optional ? html` <span class="muted">${t('rubricFormOptional')}</span>` : ''}</label><input id="${id}" name="r.${path}" value="${value}" inputmode="decimal" autocomplete="off"${
      o.hint ? html` aria-describedby="${id}-hint"` : ''
    }${f.attrs}>${o.hint ? html`<small class="muted" id="${id}-hint">${o.hint}</small>` : ''}${f.note}</div>`;
  };
  const textField = (path: string, label: string, value: string) => {
    const id = `r-${path.replace(/\./g, '-')}`;
    const f = fieldProblem(state, id);
    return html`<div><label for="${id}">${label}</label><input id="${id}" name="r.${path}" value="${value}" maxlength="200" autocomplete="off"${f.attrs}>${f.note}</div>`;
  };
  const multi = (path: string, label: string, options: { value: string; text: string }[], chosen: string[]) => {
    const id = `r-${path.replace(/\./g, '-')}`;
    const f = fieldProblem(state, id);
    // A chosen value no longer on offer (a copied 方案's old target) stays, so that the preview can name it.
    const extra = chosen.filter((c) => !options.some((o) => o.value === c)).map((c) => ({ value: c, text: t.fill('rubricFormUnknownChoice', { id: c }) }));
    return html`<div><label for="${id}">${label}</label><select id="${id}" name="r.${path}" multiple size="${String(Math.min(6, Math.max(3, options.length + extra.length)))}"${f.attrs}>${[...options, ...extra].map(
      (o) => html`<option value="${o.value}"${chosen.includes(o.value) ? ' selected' : ''}>${o.text}</option>`,
    )}</select>${f.note}</div>`;
  };
  const rowNote = (path: string) => fieldProblem(state, `r-${path.replace(/\./g, '-')}`).note;
  const add = (list: string, label: string) => html`<p><button type="submit" class="secondary" name="intent" value="add:${list}">${label}</button></p>`;
  const remove = (path: string, label: string) => html`<button type="submit" class="secondary" name="intent" value="remove:${path}">${label}</button>`;
  const ded = (level: 'urge' | 'supervise' | 'coordinator', name: string) => {
    const x = d.deductions[level];
    return html`<fieldset id="r-deductions-${level}"><legend>${name}</legend><div class="row">${field(`deductions.${level}.free`, t('rubricFormFree'), x.free)}${field(
      `deductions.${level}.each`,
      t('rubricFormEach'),
      x.each,
    )}${field(`deductions.${level}.max`, t('rubricFormMax'), x.max, { optional: true })}</div></fieldset>`;
  };
  const targetOptions = choices.targets.map((x) => ({ value: x.id, text: `${x.ref} ${x.indicator} ${COMPARATOR_SIGNS[x.comparator]} ${x.value}${x.unit}${x.comparator === 'lt' || x.comparator === 'lte' ? `（${t('rubricFormLowerBetter')}）` : ''}` }));
  const unitOptions = choices.units.map((u) => ({ value: u.id, text: u.name }));
  return html`<fieldset id="r-parts"><legend>${t('rubricFormParts')}</legend>${rowNote('')}
${field('total', t('rubricFormTotal'), d.total, { optional: true, hint: t('rubricFormTotalHint') })}
<fieldset id="r-completion"><legend>${t('rubricCompletion')}</legend><div class="row">${field('completion.weight', t('rubricPoints'), d.completion.weight)}${field('completion.lateShare', t('rubricFormLateShare'), d.completion.lateShare, { hint: t('rubricFormShareHint') })}</div></fieldset>
<fieldset id="r-timeliness"><legend>${t('rubricTimeliness')}</legend><div class="row">${field('timeliness.weight', t('rubricPoints'), d.timeliness.weight)}${field('timeliness.perWorkingDayLate', t('rubricFormPerDayLate'), d.timeliness.perWorkingDayLate, { hint: t('rubricFormShareHint') })}${field('timeliness.lateFloor', t('rubricFormLateFloor'), d.timeliness.lateFloor, { hint: t('rubricFormShareHint') })}</div></fieldset>
<fieldset id="r-targets"><legend>${t('rubricTargets')}</legend><div class="row">${field('targets.weight', t('rubricPoints'), d.targets.weight)}${field('targets.partialCap', t('rubricFormPartialCap'), d.targets.partialCap, { hint: t('rubricFormShareHint') })}</div></fieldset>
<fieldset id="r-appraisal"><legend>${t('rubricAppraisal')}</legend>${field('appraisal.max', t('rubricFormAppraisalMax'), d.appraisal.max, { hint: t('rubricFormAppraisalHint') })}</fieldset>
<fieldset id="r-roleShare"><legend>${t('rubricFormRoleShare')}</legend><div class="row">${field('roleShare.lead', t('rubricFormLead'), d.roleShare.lead)}${field('roleShare.cooperating', t('rubricFormCooperating'), d.roleShare.cooperating)}</div></fieldset>
</fieldset>
<fieldset id="r-indicators"><legend>${t('rubricFormIndicators')}</legend><p class="muted">${t('rubricFormIndicatorsHelp')}</p>${d.indicators.map((ind, i) => {
    const p = `indicators.${i}`;
    const kindId = `r-${p.replace(/\./g, '-')}-kind`;
    const kindProblem = fieldProblem(state, kindId);
    return html`<fieldset class="rubric-row" id="r-indicators-${String(i)}"><legend>${t('rubricFormIndicatorRow')} ${String(i + 1)}</legend>${rowNote(p)}
<div class="row">${textField(`${p}.name`, t('rubricFormIndicatorName'), ind.name)}${field(`${p}.points`, t('rubricPoints'), ind.points)}</div>
${multi(`${p}.targets`, t('rubricFormIndicatorTargets'), targetOptions, ind.targets)}
<div class="row"><div><label for="${kindId}">${t('rubricFormRule')}</label><select id="${kindId}" name="r.${p}.kind"${kindProblem.attrs}>${INDICATOR_KINDS.map(
      (k) => html`<option value="${k}"${ind.kind === k ? ' selected' : ''}>${t(KIND_LABELS[k])}</option>`,
    )}</select>${kindProblem.note}</div>${field(`${p}.baseline`, t('rubricFormBaseline'), ind.baseline, { hint: t('rubricFormBaselineHint') })}</div>
${
  ind.kind === 'bands'
    ? html`<fieldset id="r-${p.replace(/\./g, '-')}-bands"><legend>${t('rubricFormBands')}</legend>${rowNote(`${p}.bands`)}${ind.bands.map(
        (b, j) =>
          html`<div class="row rubric-band" id="r-${p.replace(/\./g, '-')}-bands-${String(j)}">${field(`${p}.bands.${j}.reach`, `${t('rubricFormBandRow')} ${j + 1} · ${t('rubricFormReach')}`, b.reach)}${field(
            `${p}.bands.${j}.credit`,
            `${t('rubricFormBandRow')} ${j + 1} · ${t('rubricFormCredit')}`,
            b.credit,
          )}<div>${remove(`${p}.bands.${j}`, t.fill('rubricFormRemoveBand', { n: j + 1 }))}</div></div>`,
      )}${add(`${p}.bands`, t('rubricFormAddBand'))}</fieldset>`
    : ind.bands.map((b, j) => html`<input type="hidden" name="r.${p}.bands.${j}.reach" value="${b.reach}"><input type="hidden" name="r.${p}.bands.${j}.credit" value="${b.credit}">`)
}
<p>${remove(p, t.fill('rubricFormRemoveIndicator', { n: i + 1 }))}</p></fieldset>`;
  })}${add('indicators', t('rubricFormAddIndicator'))}</fieldset>
<fieldset id="r-deductions"><legend>${t('rubricDeductions')}</legend><p class="muted">${t('rubricFormDeductionsHelp')}</p>${ded('urge', t('rubricUrge'))}${ded('supervise', t('rubricSupervise'))}${ded('coordinator', t('rubricCoordinator'))}
<fieldset id="r-returns"><legend>${t('rubricFormReturns')}</legend><div class="row">${field('returns.each', t('rubricFormEach'), d.returns.each)}${field('returns.max', t('rubricFormMax'), d.returns.max, { optional: true })}</div></fieldset>
<fieldset id="r-annual-summary"><legend>${t('rubricFormAnnualSummary')}</legend><p class="muted">${t('rubricFormAnnualSummaryHelp')}</p><div class="row">${field('annualSummary.missing', t('rubricFormSummaryMissing'), d.annualSummary.missing)}${field('annualSummary.late', t('rubricFormSummaryLate'), d.annualSummary.late)}</div></fieldset></fieldset>
<fieldset id="r-bonus"><legend>${t('rubricFormBonus')}</legend>${field('bonus.cap', t('rubricFormCap'), d.bonus.cap, { hint: t('rubricFormBonusHint') })}<p class="muted" id="r-veto">${t('rubricFormVetoHelp')}</p></fieldset>
<fieldset id="r-grades"><legend>${t('rubricGrades')}</legend>${rowNote('grades')}${d.grades.map(
    (g, i) =>
      html`<div class="row" id="r-grades-${String(i)}">${textField(`grades.${i}.grade`, `${t('rubricFormGradeRow')} ${i + 1} · ${t('rubricFormGrade')}`, g.grade)}${field(
        `grades.${i}.min`,
        `${t('rubricFormGradeRow')} ${i + 1} · ${t('rubricFormGradeMin')}`,
        g.min,
      )}<div>${remove(`grades.${i}`, t.fill('rubricFormRemoveGrade', { n: i + 1 }))}</div></div>`,
  )}${add('grades', t('rubricFormAddGrade'))}</fieldset>
<fieldset id="r-classes"><legend>${t('rubricClasses')}</legend><p class="muted">${t('rubricFormClassesHelp')}</p>${d.classes.map((c, i) => {
    const p = `classes.${i}`;
    return html`<fieldset class="rubric-row" id="r-classes-${String(i)}"><legend>${t('rubricFormClassRow')} ${String(i + 1)}</legend>${rowNote(p)}
<div class="row">${textField(`${p}.name`, t('rubricFormClassName'), c.name)}${field(`${p}.excellentQuota`, t('rubricFormQuota'), c.excellentQuota, { optional: true })}</div>
<fieldset id="r-${p.replace(/\./g, '-')}-kinds"><legend>${t('rubricFormKinds')}</legend>${UNIT_KINDS.map(
      (k) => html`<label class="confirm"><input type="checkbox" name="r.${p}.kinds" value="${k}"${c.kinds.includes(k) ? ' checked' : ''}> ${t.value(k)}</label>`,
    )}</fieldset>${rowNote(`${p}.kinds`)}
${multi(`${p}.units`, t('rubricFormClassUnits'), unitOptions, c.units)}
<p>${remove(p, t.fill('rubricFormRemoveClass', { n: i + 1 }))}</p></fieldset>`;
  })}${add('classes', t('rubricFormAddClass'))}</fieldset>
<fieldset id="r-measureWeights"><legend>${t('rubricFormWeights')}</legend><p class="muted">${t('rubricFormWeightsHelp')}</p>${d.measureWeights.map(
    (w, i) =>
      html`<div class="row" id="r-measureWeights-${String(i)}">${textField(`measureWeights.${i}.ref`, `${t('rubricFormWeightRow')} ${i + 1} · ${t('rubricFormRef')}`, w.ref)}${field(
        `measureWeights.${i}.weight`,
        `${t('rubricFormWeightRow')} ${i + 1} · ${t('rubricFormWeight')}`,
        w.weight,
      )}<div>${remove(`measureWeights.${i}`, t.fill('rubricFormRemoveWeight', { n: i + 1 }))}</div></div>`,
  )}${add('measureWeights', t('rubricFormAddWeight'))}</fieldset>
<fieldset id="r-subjects-set"><legend>${t('rubricFormSubjects')}</legend><p class="muted">${t('rubricFormSubjectsHelp')}</p>${multi('subjects', t('rubricFormSubjectUnits'), unitOptions, d.subjects)}</fieldset>`;
}

const KIND_LABELS = { 'all-or-nothing': 'rubricFormAllOrNothing', linear: 'rubricFormLinear', bands: 'rubricFormBandsRule' } as const satisfies Record<
  (typeof INDICATOR_KINDS)[number],
  TMessageKey
>;

/** One thing the schema found wrong with the 方案, said in the page's words beside its field. */
export function problemOf(t: TTranslate, d: TRubricDraft, raw: Record<string, unknown>, issue: z.core.$ZodIssue): TProblem {
  const { id, label } = fieldOf(t, d, issue.path.map(String));
  const last = String(issue.path[issue.path.length - 1] ?? '');
  const message = (() => {
    switch (issue.code) {
      case 'too_small':
        if (last === 'targets') return t('rubricFormChooseTarget');
        if (last === 'bands') return t('rubricFormOneBand');
        return issue.origin === 'number' ? t.fill('rubricFormTooSmall', { min: Number(issue.minimum) }) : t('rubricFormRequired');
      case 'too_big':
        return t.fill('rubricFormTooBig', { max: Number(issue.maximum) });
      case 'invalid_type':
        return issue.expected === 'int' ? t('rubricFormWhole') : t('rubricFormNumberNeeded');
      case 'custom':
        // The schema checks the sum only on a 方案 that otherwise parsed, so its numbers are the 方案's.
        if (last === 'total') return t.fill('rubricFormTotalMismatch', { sum: +rubricPoints(raw as unknown as TRubric).toFixed(2), total: String(raw.total) });
        if (last === 'grades') return t('rubricFormGradeZero');
        if (!issue.path.length) return t('rubricFormWeightsZero');
        return issue.message;
      default:
        return issue.message;
    }
  })();
  return { field: id, label, message };
}

