/** A report's tables as plain rows and columns: what CSV, xlsx, HTML and the printed page lay out. */
export type TCell = string | number | null;
export type TColumn = {
  header: string;
  /** In Excel's character widths; a Chinese character takes two. */
  width: number;
  /** score: points, always printed with two decimals; number: counts, weights and percents as they are. */
  kind?: 'text' | 'number' | 'score' | 'colour' | 'grade';
  /** Short codes (序号, dates, 角色, 状态) that read wrong broken over two lines: the printed page keeps them whole. */
  nowrap?: boolean;
};
export type TTable = {
  key: 'league' | 'measures' | 'details' | 'ledger' | 'notice' | 'statistics' | 'definitions' | 'indicators';
  title: string;
  /** How the rows are ordered, in words printed with the table. */
  note: string;
  columns: TColumn[];
  rows: TCell[][];
};

/** A column and how one row's item fills it, side by side, so a column cannot drift from its cells. */
export type TField<T> = readonly [TColumn, (item: T) => TCell];

/** A table of one row per item. */
export function tableOf<T>(head: Pick<TTable, 'key' | 'title' | 'note'>, fields: readonly TField<T>[], items: readonly T[]): TTable {
  return { ...head, columns: fields.map(([column]) => column), rows: items.map((item) => fields.map(([, cell]) => cell(item))) };
}
