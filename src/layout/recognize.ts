/**
 * The recognizer of forms the product did not make: 自评表 and 申报表 typed by hand or exported from
 * budget systems, in whatever layout a unit used. It finds every form on a sheet by its labels, never
 * by fixed addresses, reads it into the domain model with the address of every value, and lists
 * every cell of the form that it could not place, so that nothing is dropped silently.
 *
 * What it copes with (the seed fixtures show each): labels respaced or full-width (`分 值`, `项目名称：`),
 * label cells merged over one or two columns so values shift by a cell, rows shifted left or right by
 * a cell or two, a project name on the line above its label, repeated year lines, several forms
 * stacked on one sheet or placed side by side, 万元 or 元, `指标1：` prefixes (kept as typed), category
 * cells that moved into the wrong column, tables interrupted by blank lines, Beijing-style
 * 项目负责人/联系电话 and `不涉及此项内容` rows, and the 2021+ categories with 成本指标 as its own 一级.
 *
 * What it does not handle (each case ends up in `unplaced` or as a blank field, never silently):
 * - a goal text continued over several lines: the first line is read, the rest reported;
 * - a funding block without its header row of 年初预算数/全年预算数/全年执行数 (amounts typed as
 *   `年度资金总额：100万元` in one cell), and a two-row table header (sub-columns under 年度指标值);
 * - a row shifted more than two cells from its header (自评表), or a 申报表 row that has a 三级 and a
 *   stray cell but no target (its last cell is read as the target);
 * - forms side by side less than six columns apart (read as one above the other), a form split over
 *   two sheets, and forms with neither a title nor a 项目名称 label;
 * - a 三级 named exactly like a category (`服务对象满意度指标`) in a 申报表: read as the category;
 * - 部门整体支出 forms and 专家评分表 (other form families), and anything past row 20000 or column 200.
 *
 * Pure: no Node I/O, no Office, no xlsx library — it reads a SheetGrid.
 */
import type { CellAddress } from "../domain/address";
import type {
  DeclaredIndicator,
  Field,
  FundingRow,
  FundingRowKey,
  Indicator,
  SelfEvaluationForm,
  TargetDeclarationForm,
} from "../domain/model";
import { ABSENT, FUNDING_ROW_KEYS } from "../domain/model";
import { readNumber } from "../domain/numbers";
import { CATEGORIES_2020, CATEGORIES_2021 } from "../domain/templates/builtin";
import { cellText, comparable } from "../domain/text";
import type { GridCell, SheetGrid, WorkbookGrid } from "./grid";
import { standardFormNames } from "./read-standard";

/** A non-empty cell of a form that was not read into any field and is not a label the recognizer knows. */
export interface Unplaced {
  readonly at: CellAddress;
  readonly text: string;
  /** Why it was not placed, in Chinese (shown to the user). */
  readonly reason: string;
}

/** One form found on a sheet. */
export interface Recognized {
  readonly form: SelfEvaluationForm | TargetDeclarationForm;
  readonly unplaced: readonly Unplaced[];
}

type Kind = "self-evaluation" | "target-declaration";

// Real forms are at most a few hundred rows and a dozen columns; the bounds keep a sheet whose used
// range claims the whole grid (it happens after a stray format at XFD1048576) from being scanned cell by cell.
const MAX_ROWS = 20000;
const MAX_COLS = 200;
/** Titles and labels are short; a goal text that mentions 绩效自评表 is not a title. */
const MAX_TITLE = 60;
const MAX_LABEL = 16;
/** How many columns apart two forms must start to be side by side rather than one above the other. */
const SIDE_GAP = 5;
/** The row shifts tried when a row's cells do not sit under their headers (the fixtures shift by one). */
const SHIFTS = [0, 1, -1, 2, -2];

interface Cell {
  readonly row: number;
  readonly col: number;
  /** The last column of the merged range the cell heads (its own column when not merged). */
  readonly lastCol: number;
  readonly text: string;
  /** `comparable` text without a trailing colon: what labels are matched by. */
  readonly key: string;
  readonly grid: GridCell;
}

interface Area {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

const labelKey = (text: string): string => comparable(text).replace(/:+$/, "");

// ---------------------------------------------------------------------------------------------------
// Label vocabulary

const HEADER_LABELS = {
  projectName: ["项目名称"],
  department: ["主管部门", "主管部门及代码", "主管单位", "预算部门"],
  implementer: ["实施单位", "项目实施单位", "实施单位名称"],
  manager: ["项目负责人"],
  phone: ["联系电话"],
  nature: ["项目性质"],
  category: ["项目类别"],
  startDate: ["计划开始日期", "项目开始日期", "开始日期"],
  endDate: ["计划完成日期", "计划结束日期", "项目完成日期", "完成日期"],
} as const;
type HeaderKey = keyof typeof HEADER_LABELS;

const HEADER_KEYS = new Map<string, HeaderKey>(
  (Object.keys(HEADER_LABELS) as HeaderKey[]).flatMap((k) => HEADER_LABELS[k].map((label) => [label, k] as const)),
);

type FundingColumn = keyof FundingRow;

/** A 项目资金 column header (自评表). */
function fundingColumnOf(key: string): FundingColumn | null {
  if (key.length > MAX_LABEL) return null;
  if (key.startsWith("年初预算")) return "initialBudget";
  if (key.startsWith("全年预算") || key.startsWith("调整后预算")) return "annualBudget";
  if (key.startsWith("全年执行") || key.startsWith("实际执行")) return "executed";
  if (key === "分值" || key === "分数" || key === "权重") return "weight";
  if (key.startsWith("执行率") || key.startsWith("预算执行率")) return "rate";
  if (key === "得分") return "score";
  return null;
}

/** A 项目资金 row label (自评表): 年度资金总额, 其中：当年(本年)财政拨款, 上年结转资金, 其他资金. */
function fundingRowOf(key: string): FundingRowKey | null {
  if (key.length > MAX_LABEL) return null;
  const k = key.replace(/^其中:?/, "");
  if (k.includes("资金总额")) return "total";
  if (k.includes("财政拨款")) return "currentYear";
  if (k.includes("上年结转")) return "carryOver";
  if (k.includes("其他资金")) return "other";
  return null;
}

type DeclFunding = keyof TargetDeclarationForm["funding"];

/** A 项目资金 label of a 申报表. 其他资金 appears twice; which one it is depends on its column. */
function declFundingOf(key: string): DeclFunding | "other" | null {
  if (key.length > MAX_LABEL) return null;
  const k = key.replace(/^其中:?/, "");
  if (k.includes("申请总额") || k.startsWith("年度资金总额")) return "annualTotal";
  if (k.includes("项目资金总额") || k === "资金总额") return "projectTotal";
  if (k.includes("财政资金")) return "fiscal";
  if (k.includes("财政拨款")) return "currentYear";
  if (k.includes("上年结转")) return "carryOver";
  if (k.includes("其他资金")) return "other";
  return null;
}

type TableField = "level1" | "level2" | "level3" | "target" | "actual" | "weight" | "score" | "deviation";

/** A column header of the 绩效指标 table. */
function tableColumnOf(key: string): TableField | null {
  if (key.length > MAX_LABEL) return null;
  if (key === "一级指标") return "level1";
  if (key === "二级指标") return "level2";
  if (key === "三级指标") return "level3";
  if (key.includes("指标值")) return "target";
  if (key.startsWith("实际完成值") || key === "实际值" || key === "完成值") return "actual";
  if (key === "分值" || key === "权重" || key === "分数" || key === "指标分值") return "weight";
  if (key === "得分" || key === "自评得分") return "score";
  if (key.startsWith("偏差原因")) return "deviation";
  return null;
}

const isExpectedGoal = (key: string): boolean => key === "预期目标";
const isActualGoal = (key: string): boolean => key === "实际完成情况";
const isOverallGoal = (key: string): boolean => key === "项目总目标" || key === "总体目标";
const isAnnualGoal = (key: string): boolean => key === "年度总体目标" || key === "年度目标" || key === "年度绩效目标";
const isTotalLabel = (key: string): boolean => key === "总分" || key === "合计" || key === "总计";
const isGradeLabel = (key: string): boolean =>
  key === "评分等级" || key === "自评等级" || key === "评价等级" || key === "等级";
/** Lines after a table that sign the form off rather than belong to it. */
const isFooter = (key: string): boolean =>
  /^(填报人|填表人|填报单位|审核人|单位负责人|财务负责人|联系人|填报日期|填表日期|备注|说明|注:)/.test(key);
const isYearLine = (key: string): boolean => /^\(?(19|20)\d{2}年度?\)?$/.test(key);
/** Labels that head a block and carry no value of their own. */
function isBlockLabel(key: string): boolean {
  if (key.length > MAX_LABEL) return false;
  if (/^项目资金(\((万元|元)\))?$/.test(key) || /^项目资金\(单位:(万元|元)\)$/.test(key)) return true;
  return ["年度总体目标", "项目绩效目标", "绩效目标", "绩效指标", "年度绩效目标"].includes(key);
}

/** A label the recognizer knows: never a value, and not reported as unplaced. */
function isKnownLabel(key: string): boolean {
  return (
    HEADER_KEYS.has(key) ||
    fundingColumnOf(key) !== null ||
    fundingRowOf(key) !== null ||
    declFundingOf(key) !== null ||
    tableColumnOf(key) !== null ||
    isBlockLabel(key) ||
    isExpectedGoal(key) ||
    isActualGoal(key) ||
    isOverallGoal(key) ||
    isAnnualGoal(key) ||
    isTotalLabel(key) ||
    isGradeLabel(key) ||
    isYearLine(key)
  );
}

/** The kind of form a title names, or null. */
function titleKind(key: string): Kind | null {
  if (key.length > MAX_TITLE || key.includes("汇总") || key.includes("部门整体")) return null;
  if (/绩效自评(价)?表/.test(key)) return "self-evaluation";
  if (/绩效目标(申报)?表/.test(key)) return "target-declaration";
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Categories

const catKey = (key: string): string => key.replace(/指标$/, "");
const LEVEL1_KEYS = new Set([...CATEGORIES_2020, ...CATEGORIES_2021].map((c) => catKey(c.name)));
const LEVEL2_KEYS = new Set([...CATEGORIES_2020, ...CATEGORIES_2021].flatMap((c) => c.level2.map(catKey)));

/** Which level a category name belongs to: 成本指标 is both (a 二级 in 2020, a 一级 from 2021). */
function categoryLevel(key: string): 1 | 2 | "either" | null {
  const k = catKey(key);
  const one = LEVEL1_KEYS.has(k);
  const two = LEVEL2_KEYS.has(k);
  if (one && two) return "either";
  return one ? 1 : two ? 2 : null;
}

/** A full category name (`数量指标`), which is never a 三级 indicator; `满意度` alone may be one. */
const isFullCategory = (key: string): boolean => key.endsWith("指标") && categoryLevel(key) !== null;

// ---------------------------------------------------------------------------------------------------
// The sheet as rows of non-empty cells

class View {
  readonly rows: Cell[][] = [];
  readonly rowCount: number;
  readonly colCount: number;

  constructor(readonly sheet: SheetGrid) {
    this.rowCount = Math.max(0, Math.min(sheet.rowCount, MAX_ROWS));
    this.colCount = Math.max(0, Math.min(sheet.colCount, MAX_COLS));
    // Cells covered by a merge (all but its top-left) are empty whatever a reader put in them.
    const covered = new Map<number, { from: number; to: number }[]>();
    const heads = new Map<string, number>();
    for (const m of sheet.merges ?? []) {
      const r1 = Math.max(0, Math.min(m.from.row, m.to.row));
      const r2 = Math.min(this.rowCount - 1, Math.max(m.from.row, m.to.row));
      const c1 = Math.max(0, Math.min(m.from.col, m.to.col));
      const c2 = Math.max(m.from.col, m.to.col);
      heads.set(`${r1}:${c1}`, c2);
      for (let r = r1; r <= r2; r++) {
        const list = covered.get(r) ?? [];
        list.push({ from: r === r1 ? c1 + 1 : c1, to: c2 });
        covered.set(r, list);
      }
    }
    for (let r = 0; r < this.rowCount; r++) {
      const out: Cell[] = [];
      const spans = covered.get(r) ?? [];
      for (let c = 0; c < this.colCount; c++) {
        const grid = sheet.cell(r, c);
        if (!grid || spans.some((s) => c >= s.from && c <= s.to)) continue;
        const text = cellText(grid.value).trim();
        if (text === "") continue;
        out.push({ row: r, col: c, lastCol: heads.get(`${r}:${c}`) ?? c, text, key: labelKey(text), grid });
      }
      this.rows.push(out);
    }
  }

  cells(row: number, left: number, right: number): Cell[] {
    if (row < 0 || row >= this.rows.length) return [];
    return this.rows[row].filter((c) => c.col >= left && c.col <= right);
  }
}

// ---------------------------------------------------------------------------------------------------
// Finding the forms

interface Anchor {
  kind: Kind | null;
  readonly title: Cell | null;
  readonly name: Cell | null;
  readonly captions: readonly Cell[];
  /** The project name alone on the line above a label whose row is empty (the 政府雇员 case). */
  readonly top: number;
  readonly left: number;
}

/** The columns a form's own lines are looked at in before its area is known: a form is about 9 wide. */
const roughBand = (view: View, row: number, left: number): Cell[] => view.cells(row, left, left + 2 * SIDE_GAP + 1);

function findAnchors(view: View): Anchor[] {
  const titles: { cell: Cell; kind: Kind }[] = [];
  const names: Cell[] = [];
  for (const row of view.rows) {
    for (const c of row) {
      const kind = titleKind(c.key);
      if (kind) titles.push({ cell: c, kind });
      else if (c.key === "项目名称" || /^项目名称:./.test(c.key)) names.push(c);
    }
  }
  const claimed = new Set<Cell>();
  const anchors: Anchor[] = [];
  for (const t of titles) {
    let best: Cell | null = null;
    for (const n of names) {
      if (claimed.has(n) || n.row <= t.cell.row || n.row > t.cell.row + 8 || n.col > t.cell.col + 2) continue;
      const between = titles.some(
        (o) =>
          o !== t && o.cell.row > t.cell.row && o.cell.row < n.row && Math.abs(o.cell.col - t.cell.col) <= SIDE_GAP,
      );
      if (between) continue;
      if (!best || n.row < best.row || (n.row === best.row && n.col > best.col)) best = n;
    }
    if (best) claimed.add(best);
    const left = best ? Math.min(best.col, t.cell.col) : t.cell.col;
    const captions: Cell[] = [];
    for (let r = t.cell.row - 1; r >= Math.max(0, t.cell.row - 2); r--) {
      const cells = roughBand(view, r, left);
      if (cells.length !== 1 || !/表(\(.*\))?$/.test(cells[0].key) || cells[0].key.length > MAX_TITLE) break;
      if (titleKind(cells[0].key) || isKnownLabel(cells[0].key)) break;
      captions.push(cells[0]);
    }
    const top = captions.length > 0 ? captions[captions.length - 1].row : t.cell.row;
    anchors.push({ kind: t.kind, title: t.cell, name: best, captions, top, left });
  }
  for (const n of names) {
    if (claimed.has(n)) continue;
    const above = loneLineAbove(view, n, n.col);
    anchors.push({ kind: null, title: null, name: n, captions: [], top: above ? above.row : n.row, left: n.col });
  }
  return anchors.sort((a, b) => a.top - b.top || a.left - b.left);
}

/** A project name alone on the line above its label, when the label's own row has nothing after it. */
function loneLineAbove(view: View, label: Cell, left: number, area?: Area): Cell | null {
  const right = area ? area.right : left + 2 * SIDE_GAP + 1;
  if (view.cells(label.row, label.col + 1, right).length > 0 || label.key !== "项目名称") return null;
  if (area && label.row - 1 < area.top) return null;
  const above = view.cells(label.row - 1, area ? area.left : left, right);
  if (above.length !== 1) return null;
  const k = above[0].key;
  if (isKnownLabel(k) || titleKind(k) || isYearLine(k) || k.includes("汇总")) return null;
  return above[0];
}

function computeAreas(view: View, anchors: readonly Anchor[]): Area[] {
  const lastRow = view.rowCount - 1;
  const lastCol = Math.max(0, view.colCount - 1);
  const bottoms = anchors.map((f) => {
    const next = anchors.filter((g) => g !== f && g.top > f.top && Math.abs(g.left - f.left) <= SIDE_GAP);
    return next.length > 0 ? Math.min(...next.map((g) => g.top)) - 1 : lastRow;
  });
  const overlaps = (i: number, j: number): boolean => anchors[i].top <= bottoms[j] && anchors[j].top <= bottoms[i];
  const rights = anchors.map((f, i) => {
    const lefts = anchors.flatMap((g, j) => (g.left > f.left + SIDE_GAP && overlaps(i, j) ? [g.left] : []));
    return lefts.length > 0 ? Math.min(...lefts) - 1 : lastCol;
  });
  return anchors.map((f, i) => {
    const lefts = anchors.flatMap((g, j) => (g.left < f.left - SIDE_GAP && overlaps(i, j) ? [rights[j] + 1] : []));
    return { top: f.top, bottom: bottoms[i], left: lefts.length > 0 ? Math.max(...lefts) : 0, right: rights[i] };
  });
}

/** A form without a title is one only when the blocks follow its 项目名称; its kind is what they look like. */
function guessKind(view: View, area: Area): Kind | null {
  let self = 0;
  let decl = 0;
  let blocks = 0;
  for (let r = area.top; r <= area.bottom; r++) {
    const keys = view.cells(r, area.left, area.right).map((c) => c.key);
    if (keys.some((k) => tableColumnOf(k) === "target") && keys.some((k) => tableColumnOf(k) === "level1")) blocks++;
    if (keys.filter((k) => fundingColumnOf(k) !== null).length >= 2) blocks++;
    for (const k of keys) {
      if (["实际完成值", "年初预算数", "全年预算数", "全年执行数", "实际完成情况", "评分等级"].includes(k)) self++;
      if (tableColumnOf(k) === "actual" || k === "得分") self++;
      if (["项目性质", "项目类别", "计划开始日期", "计划完成日期", "项目总目标"].includes(k)) decl++;
      if (declFundingOf(k) === "annualTotal" || declFundingOf(k) === "projectTotal" || declFundingOf(k) === "fiscal")
        decl++;
    }
  }
  if (blocks === 0) return null;
  return decl > self ? "target-declaration" : "self-evaluation";
}

// ---------------------------------------------------------------------------------------------------
// Reading one form

const REASON = {
  title: "标题区中未识别的文字",
  header: "表头中未识别的内容",
  funding: "项目资金表中对不上列的单元格",
  goals: "绩效目标栏中多出的内容",
  table: "指标行中对不上列的单元格",
  footer: "表格之后的落款或说明",
  after: "表格之后未识别的内容",
} as const;

interface Column {
  readonly field: TableField;
  readonly from: number;
  readonly to: number;
}

class FormReader {
  readonly consumed = new Set<Cell>();
  /** The first row of each region, for the reasons of unplaced cells. */
  readonly regions: { row: number; reason: string }[] = [];
  year: number | null = null;

  constructor(
    readonly view: View,
    readonly area: Area,
    readonly anchor: Anchor,
  ) {
    for (const c of [anchor.title, ...anchor.captions]) if (c) this.consumed.add(c);
  }

  cells(row: number): Cell[] {
    return this.view.cells(row, this.area.left, this.area.right);
  }

  /** Cells of a row that are neither consumed nor block labels. */
  free(row: number): Cell[] {
    return this.cells(row).filter((c) => !this.consumed.has(c) && !isBlockLabel(c.key));
  }

  field(c: Cell): Field {
    this.consumed.add(c);
    return {
      value: c.grid.value,
      at: { row: c.row, col: c.col },
      ...(c.grid.numberFormat ? { numberFormat: c.grid.numberFormat } : {}),
    };
  }

  /** An empty field at a cell of the form, or ABSENT when the cell would fall outside it. */
  blank(row: number, col: number): Field {
    const a = this.area;
    return row >= a.top && row <= a.bottom && col >= a.left && col <= a.right
      ? { value: null, at: { row, col } }
      : ABSENT;
  }

  label(c: Cell | null | undefined): void {
    if (c) this.consumed.add(c);
  }

  /** The first cell (row by row) in [from, to] whose key passes. */
  find(from: number, to: number, test: (key: string) => boolean): Cell | null {
    for (let r = Math.max(from, this.area.top); r <= Math.min(to, this.area.bottom); r++) {
      const hit = this.cells(r).find((c) => !this.consumed.has(c) && test(c.key));
      if (hit) return hit;
    }
    return null;
  }

  /**
   * The value of a label: the first non-empty cell to its right (merged-over cells are empty), unless
   * that is another label; a value typed into the label's own cell after a colon (`项目名称：xx`).
   */
  valueOf(label: Cell): Field {
    this.label(label);
    const inline = isKnownLabel(label.key) ? null : /^[^:：]+[:：]\s*(.+)$/s.exec(label.text);
    if (inline && inline[1].trim() !== "") {
      return { value: inline[1].trim(), at: { row: label.row, col: label.col } };
    }
    const next = this.cells(label.row).find((c) => c.col > label.col && !this.consumed.has(c));
    if (next && !isKnownLabel(next.key)) return this.field(next);
    return this.blank(label.row, label.lastCol + 1);
  }

  /** Title, caption and year lines above the header: read the year, mark them as labels. */
  readTop(until: number): void {
    for (let r = this.area.top; r < until; r++) {
      for (const c of this.cells(r)) {
        const m = /((?:19|20)\d{2})年/.exec(c.key);
        if (c === this.anchor.title || this.anchor.captions.includes(c) || isYearLine(c.key)) {
          if (m && (this.year === null || isYearLine(c.key))) this.year = Number(m[1]);
          this.consumed.add(c);
        }
      }
    }
  }

  /** Header fields by their labels, in rows [from, to). */
  readHeader(from: number, to: number, keys: readonly HeaderKey[]): Record<HeaderKey, Field> {
    const labels = new Map<HeaderKey, Cell>();
    for (let r = from; r < to; r++) {
      for (const c of this.cells(r)) {
        const k = HEADER_KEYS.get(c.key) ?? HEADER_KEYS.get(c.key.replace(/:.*$/s, ""));
        if (k && keys.includes(k) && !labels.has(k)) labels.set(k, c);
      }
    }
    for (const c of labels.values()) this.label(c);
    const out = {} as Record<HeaderKey, Field>;
    const found: { labelCol: number; valueCol: number }[] = [];
    const pending: HeaderKey[] = [];
    for (const k of keys) {
      const label = labels.get(k);
      if (!label) {
        out[k] = ABSENT;
        continue;
      }
      const v = this.valueOf(label);
      if (v.value === null && k === "projectName") {
        const above = loneLineAbove(this.view, label, this.area.left, this.area);
        if (above && !this.consumed.has(above)) {
          out[k] = this.field(above);
          continue;
        }
      }
      out[k] = v;
      if (v.value === null) pending.push(k);
      else if (v.at && v.at.col !== label.col) found.push({ labelCol: label.col, valueCol: v.at.col });
    }
    // A blank value points where the form's other values sit beside a label in the same column.
    for (const k of pending) {
      const label = labels.get(k) as Cell;
      const twin = found.find((f) => f.labelCol === label.col);
      if (twin && label.lastCol === label.col) out[k] = this.blank(label.row, twin.valueCol);
    }
    return out;
  }

  /** 万元 or 元, from the 项目资金 label or a `单位：` line above the table. */
  moneyUnit(cells: readonly Cell[]): "万元" | "元" | null {
    for (const c of cells) {
      const m = /\((万元|元)\)|单位:?(万元|元)/.exec(c.key);
      if (m) return (m[1] ?? m[2]) as "万元" | "元";
    }
    return null;
  }

  unitAbove(to: number): "万元" | "元" | null {
    const cells: Cell[] = [];
    for (let r = this.area.top; r < to; r++) cells.push(...this.cells(r));
    return this.moneyUnit(cells.filter((c) => c.key.startsWith("项目资金") || c.key.includes("单位")));
  }

  /** Goal texts under two labels on one row, or beside or under each label. */
  readGoals(
    from: number,
    to: number,
    isFirst: (k: string) => boolean,
    isSecond: (k: string) => boolean,
  ): [Field, Field] {
    const first = this.find(from, to, isFirst);
    const second = this.find(from, to, isSecond);
    this.label(first);
    this.label(second);
    const empty = (label: Cell | null): Field => (label ? this.blank(label.row + 1, label.col) : ABSENT);
    if (!first && !second) return [ABSENT, ABSENT];
    const inline = (label: Cell | null): Field | null => {
      if (!label) return null;
      const m = /^[^:：]+[:：]\s*(.+)$/s.exec(label.text);
      return m && m[1].trim() !== "" ? { value: m[1].trim(), at: { row: label.row, col: label.col } } : null;
    };
    const inlineFirst = inline(first);
    const inlineSecond = inline(second);
    if (inlineFirst || inlineSecond) return [inlineFirst ?? empty(first), inlineSecond ?? empty(second)];
    if (first && second && first.row === second.row) {
      // Texts on the first non-blank line below the labels; each under the label whose column it is nearer.
      for (let r = first.row + 1; r < to; r++) {
        const cells = this.free(r).filter((c) => !isKnownLabel(c.key));
        if (cells.length === 0) {
          if (this.cells(r).length > 0) break;
          continue;
        }
        let a: Cell | undefined;
        let b: Cell | undefined;
        for (const c of cells) {
          if (c.col < second.col) a = a ?? c;
          else b = b ?? c;
        }
        if (!a && cells.length >= 2 && b === cells[0]) [a, b] = [cells[0], cells[1]];
        return [a ? this.field(a) : empty(first), b ? this.field(b) : empty(second)];
      }
      return [empty(first), empty(second)];
    }
    const beside = (label: Cell | null): Field => {
      if (!label) return ABSENT;
      const next = this.cells(label.row).find((c) => c.col > label.col && !this.consumed.has(c));
      if (next && !isKnownLabel(next.key)) return this.field(next);
      const below = this.free(label.row + 1).filter((c) => !isKnownLabel(c.key));
      const under = below.find((c) => c.col >= label.col) ?? below[0];
      return under && label.row + 1 < to ? this.field(under) : empty(label);
    };
    return [beside(first), beside(second)];
  }

  /** The unplaced cells: everything in the area not consumed and not a known label. */
  unplaced(): Unplaced[] {
    const out: Unplaced[] = [];
    const regions = [...this.regions].sort((a, b) => a.row - b.row);
    for (let r = this.area.top; r <= this.area.bottom; r++) {
      const cells = this.cells(r);
      const footer = cells.length > 0 && isFooter(cells[0].key);
      for (const c of cells) {
        if (this.consumed.has(c) || isKnownLabel(c.key) || titleKind(c.key)) continue;
        let reason: string = REASON.title;
        for (const g of regions) if (g.row <= r) reason = g.reason;
        if (footer) reason = REASON.footer;
        out.push({ at: { row: c.row, col: c.col }, text: c.text, reason });
      }
    }
    return out;
  }

  range(): { from: CellAddress; to: CellAddress } {
    let lastRow = this.area.top;
    let lastCol = this.area.left;
    for (let r = this.area.top; r <= this.area.bottom; r++) {
      const cells = this.cells(r);
      if (cells.length === 0) continue;
      lastRow = r;
      lastCol = Math.max(lastCol, ...cells.map((c) => c.lastCol));
    }
    return {
      from: { row: this.area.top, col: this.area.left },
      to: { row: lastRow, col: Math.min(lastCol, this.area.right) },
    };
  }
}

// ---------------------------------------------------------------------------------------------------
// The indicator table

/** The columns of a table header row: each header covers the columns up to the next header (merged labels). */
function tableColumns(cells: readonly Cell[], right: number): Column[] {
  const heads = cells.flatMap((c) => {
    const field = tableColumnOf(c.key);
    return field ? [{ field, cell: c }] : [];
  });
  const seen = new Set<TableField>();
  const out: Column[] = [];
  heads.forEach((h, i) => {
    if (seen.has(h.field)) return;
    seen.add(h.field);
    const next = heads[i + 1];
    const to = next ? Math.max(h.cell.lastCol, next.cell.col - 1) : Math.min(h.cell.lastCol, right);
    out.push({ field: h.field, from: h.cell.col, to });
  });
  return out;
}

interface Placement {
  readonly shift: number;
  readonly at: Map<TableField, Cell>;
  readonly extra: Cell[];
}

function place(cells: readonly Cell[], columns: readonly Column[], shift: number): Placement {
  const at = new Map<TableField, Cell>();
  const extra: Cell[] = [];
  for (const c of cells) {
    const col = c.col - shift;
    const column = columns.find((k) => col >= k.from && col <= k.to);
    if (column && !at.has(column.field)) at.set(column.field, c);
    else extra.push(c);
  }
  return { shift, at, extra };
}

const isNumeric = (c: Cell | undefined): number => {
  if (!c) return 0;
  const r = readNumber(c.grid.value);
  return r.ok ? 1 : r.reason === "placeholder" ? 0 : -1;
};

/** How well a row's cells sit under the headers with a shift: 分值/得分 numbers, nothing left over. */
function plausibility(p: Placement): number {
  let s = p.at.size - 2 * p.extra.length;
  for (const f of ["weight", "score"] as const) {
    const n = isNumeric(p.at.get(f));
    s += n > 0 ? 3 : n < 0 ? -4 : 0;
  }
  if (isNumeric(p.at.get("deviation")) > 0) s -= 3;
  for (const f of ["level1", "level2"] as const) {
    const c = p.at.get(f);
    if (c && categoryLevel(c.key) !== null) s += 1;
  }
  const target = p.at.get("target");
  if (target && isFullCategory(target.key)) s -= 2;
  return s;
}

interface Categories {
  level1: Field;
  level2: Field;
}

/**
 * The 一级/二级 of a row from the cells left of its 三级: by their names where they are category names
 * (so a 二级 typed in the 一级 column is still a 二级), by position otherwise; empty cells inherit.
 */
function applyCategories(
  reader: FormReader,
  left: readonly Cell[],
  inLevel1Column: (c: Cell) => boolean,
  current: Categories,
): Categories {
  if (left.length === 0) return current;
  if (left.length >= 2) {
    const [a, b] = left.slice(-2);
    return { level1: reader.field(a), level2: reader.field(b) };
  }
  const c = left[0];
  const level = categoryLevel(c.key);
  const asLevel1 = level === 1 || ((level === "either" || level === null) && inLevel1Column(c));
  return asLevel1 ? { level1: reader.field(c), level2: ABSENT } : { level1: current.level1, level2: reader.field(c) };
}

function readSelfTable(reader: FormReader, header: number, end: number): Indicator[] {
  const columns = tableColumns(reader.cells(header), reader.area.right);
  for (const c of reader.cells(header)) if (tableColumnOf(c.key) || isBlockLabel(c.key)) reader.label(c);
  const col = (f: TableField): Column | undefined => columns.find((c) => c.field === f);
  const level1Col = col("level1");
  const out: Indicator[] = [];
  let cats: Categories = { level1: ABSENT, level2: ABSENT };
  for (let r = header + 1; r < end; r++) {
    const cells = reader.free(r);
    if (cells.length === 0) continue;
    let best = place(cells, columns, 0);
    let bestScore = plausibility(best);
    for (const k of SHIFTS.slice(1)) {
      const p = place(cells, columns, k);
      const s = plausibility(p);
      if (s > bestScore) [best, bestScore] = [p, s];
    }
    const k = best.shift;
    const valueFields: TableField[] = ["target", "actual", "weight", "score", "deviation"];
    const values = valueFields.flatMap((f) => {
      const c = best.at.get(f);
      return c ? [c] : [];
    });
    const anchorCol = values.length > 0 ? Math.min(...values.map((c) => c.col)) : Infinity;
    const leftOf = cells.filter((c) => c.col < anchorCol && !values.includes(c));
    let level3 = best.at.get("level3") ?? null;
    if (level3 && !leftOf.includes(level3)) level3 = null;
    if (!level3) {
      const names = leftOf.filter((c) => categoryLevel(c.key) === null);
      level3 = names.length > 0 ? names[names.length - 1] : null;
    }
    const left = leftOf.filter((c) => c !== level3 && (!level3 || c.col < level3.col));
    const inLevel1 = (c: Cell): boolean => !!level1Col && c.col - k >= level1Col.from && c.col - k <= level1Col.to;
    cats = applyCategories(reader, left, inLevel1, cats);
    if (!level3 && values.length === 0) continue; // a row of category cells only
    const fieldOf = (f: TableField, c: Cell | null | undefined): Field => {
      if (c) return reader.field(c);
      const h = col(f);
      return h ? reader.blank(r, h.from + k) : ABSENT;
    };
    out.push({
      level1: cats.level1,
      level2: cats.level2,
      level3: fieldOf("level3", level3),
      target: fieldOf("target", best.at.get("target")),
      actual: fieldOf("actual", best.at.get("actual")),
      weight: fieldOf("weight", best.at.get("weight")),
      score: fieldOf("score", best.at.get("score")),
      deviation: fieldOf("deviation", best.at.get("deviation")),
    });
  }
  return out;
}

function readDeclTable(reader: FormReader, header: number, end: number): DeclaredIndicator[] {
  const columns = tableColumns(reader.cells(header), reader.area.right);
  for (const c of reader.cells(header)) if (tableColumnOf(c.key) || isBlockLabel(c.key)) reader.label(c);
  const col = (f: TableField): Column | undefined => columns.find((c) => c.field === f);
  const out: DeclaredIndicator[] = [];
  let cats: Categories = { level1: ABSENT, level2: ABSENT };
  for (let r = header + 1; r <= end; r++) {
    const cells = reader.free(r);
    if (cells.length === 0) continue;
    if (cells.every((c) => categoryLevel(c.key) !== null)) {
      cats = applyCategories(reader, cells.slice(0, 2), (c) => isInColumn(c, col("level1"), 0), cats);
      continue;
    }
    // The target is the row's last cell, its 三级 the nearest cell left of it.
    let target: Cell | null = cells[cells.length - 1];
    const targetCol = col("target");
    const nonCategory = cells.filter((c) => categoryLevel(c.key) === null);
    if (nonCategory.length === 1 && target === nonCategory[0] && targetCol && target.col < targetCol.from - 1) {
      target = null; // a 三级 with its target not filled in
    }
    const beforeTarget = target ? cells.slice(0, -1) : cells;
    let level3: Cell | null = beforeTarget.length > 0 ? beforeTarget[beforeTarget.length - 1] : null;
    if (level3 && isFullCategory(level3.key)) level3 = null;
    const left = beforeTarget.filter((c) => c !== level3 && (!level3 || c.col < level3.col));
    const shift = target && targetCol ? target.col - targetCol.from : 0;
    cats = applyCategories(reader, left, (c) => isInColumn(c, col("level1"), shift), cats);
    const fieldOf = (f: TableField, c: Cell | null): Field => {
      if (c) return reader.field(c);
      const h = col(f);
      return h ? reader.blank(r, h.from + shift) : ABSENT;
    };
    out.push({
      level1: cats.level1,
      level2: cats.level2,
      level3: fieldOf("level3", level3),
      target: fieldOf("target", target),
    });
  }
  return out;
}

const isInColumn = (c: Cell, column: Column | undefined, shift: number): boolean =>
  !!column && c.col - shift >= column.from && c.col - shift <= column.to;

// ---------------------------------------------------------------------------------------------------
// The two kinds of form

/** First row in [from, to] that holds the 绩效指标 table header. */
function findTableHeader(reader: FormReader, from: number, to: number): number {
  for (let r = from; r <= to; r++) {
    const fields = reader.cells(r).map((c) => tableColumnOf(c.key));
    if (fields.includes("target") && (fields.includes("level1") || fields.includes("level3"))) return r;
  }
  return -1;
}

/** The row after a table that ends it: a footer line (signatures, notes) or the 总分/评分等级 row. */
function findRow(reader: FormReader, from: number, to: number, test: (key: string) => boolean): number {
  for (let r = from; r <= to; r++) {
    const first = reader.cells(r)[0];
    if (first && test(first.key)) return r;
  }
  return -1;
}

function readFundingRows(
  reader: FormReader,
  headerRow: number,
  end: number,
): { funding: Record<FundingRowKey, FundingRow>; unit: "万元" | "元" | null; ratePercent: boolean } {
  const blank: FundingRow = {
    initialBudget: ABSENT,
    annualBudget: ABSENT,
    executed: ABSENT,
    weight: ABSENT,
    rate: ABSENT,
    score: ABSENT,
  };
  const funding = Object.fromEntries(FUNDING_ROW_KEYS.map((k) => [k, blank])) as Record<FundingRowKey, FundingRow>;
  if (headerRow < 0) return { funding, unit: null, ratePercent: false };
  const headerCells = reader.cells(headerRow);
  const columns: { field: FundingColumn; col: number; cell: Cell }[] = [];
  for (const c of headerCells) {
    const field = fundingColumnOf(c.key);
    if (field && !columns.some((x) => x.field === field)) columns.push({ field, col: c.col, cell: c });
    if (field || isBlockLabel(c.key) || c.key.startsWith("项目资金")) reader.label(c);
  }
  const unit = reader.moneyUnit(headerCells) ?? reader.unitAbove(headerRow);
  const rate = columns.find((c) => c.field === "rate");
  const ratePercent = !!rate && rate.cell.key.includes("%");
  for (let r = headerRow + 1; r < end; r++) {
    const cells = reader.free(r);
    const labelIndex = cells.findIndex((c) => fundingRowOf(c.key) !== null);
    if (labelIndex < 0) continue;
    const label = cells[labelIndex];
    const key = fundingRowOf(label.key) as FundingRowKey;
    reader.label(label);
    const values = cells.slice(labelIndex + 1).filter((c) => !isKnownLabel(c.key));
    const assigned = new Map<FundingColumn, Cell>();
    let shift = 0;
    if (values.length === columns.length) {
      // A shifted row: its cells in order are the columns in order.
      values.forEach((v, i) => assigned.set(columns[i].field, v));
    } else {
      let best = 0;
      let hits = -1;
      for (const k of SHIFTS) {
        const n = values.filter((v) => columns.some((c) => c.col === v.col - k)).length;
        if (n > hits) [best, hits] = [k, n];
      }
      shift = best;
      for (const v of values) {
        const c = columns.find((x) => x.col === v.col - best);
        if (c && !assigned.has(c.field)) assigned.set(c.field, v);
      }
    }
    const fieldOf = (f: FundingColumn): Field => {
      const v = assigned.get(f);
      if (v) return reader.field(v);
      const c = columns.find((x) => x.field === f);
      return c ? reader.blank(r, c.col + shift) : ABSENT;
    };
    if (funding[key] !== blank) continue; // the first row of a label wins; a repeat is reported
    funding[key] = {
      initialBudget: fieldOf("initialBudget"),
      annualBudget: fieldOf("annualBudget"),
      executed: fieldOf("executed"),
      weight: fieldOf("weight"),
      rate: fieldOf("rate"),
      score: fieldOf("score"),
    };
  }
  return { funding, unit, ratePercent };
}

function readSelfEvaluation(view: View, area: Area, anchor: Anchor): Recognized {
  const reader = new FormReader(view, area, anchor);
  const tableHeader = findTableHeader(reader, area.top, area.bottom);
  const tableOrEnd = tableHeader >= 0 ? tableHeader : area.bottom + 1;
  let fundHeader = -1;
  for (let r = area.top; r < tableOrEnd && fundHeader < 0; r++) {
    const n = reader.cells(r).filter((c) => {
      const f = fundingColumnOf(c.key);
      return f === "initialBudget" || f === "annualBudget" || f === "executed";
    }).length;
    if (n >= 2) fundHeader = r;
  }
  const goalLabel = reader.find(area.top, tableOrEnd - 1, (k) => isExpectedGoal(k) || isActualGoal(k));
  const goalsRow = goalLabel ? goalLabel.row : -1;
  const nameRow = anchor.name ? anchor.name.row : area.top;
  const headerEnd = Math.min(...[fundHeader, goalsRow, tableOrEnd].filter((r) => r >= 0));

  reader.readTop(Math.min(nameRow, headerEnd));
  reader.regions.push({ row: Math.min(nameRow, headerEnd), reason: REASON.header });
  const header = reader.readHeader(area.top, headerEnd, [
    "projectName",
    "department",
    "implementer",
    "manager",
    "phone",
  ]);

  const fundingEnd = Math.min(...[goalsRow, tableOrEnd].filter((r) => r > fundHeader));
  if (fundHeader >= 0) reader.regions.push({ row: fundHeader, reason: REASON.funding });
  const { funding, unit, ratePercent } = readFundingRows(reader, fundHeader, fundingEnd);

  let goals: [Field, Field] = [ABSENT, ABSENT];
  if (goalsRow >= 0) {
    reader.regions.push({ row: goalsRow, reason: REASON.goals });
    goals = reader.readGoals(goalsRow, tableOrEnd, isExpectedGoal, isActualGoal);
  }

  let indicators: Indicator[] = [];
  let total = { fullScore: ABSENT, score: ABSENT };
  let grade: Field | null = null;
  if (tableHeader >= 0) {
    reader.regions.push({ row: tableHeader, reason: REASON.table });
    const totalRow = findRow(reader, tableHeader + 1, area.bottom, isTotalLabel);
    const gradeRow = findRow(reader, tableHeader + 1, area.bottom, isGradeLabel);
    const footerRow = findRow(reader, tableHeader + 1, area.bottom, isFooter);
    const end = Math.min(...[totalRow, gradeRow, footerRow, area.bottom + 1].filter((r) => r > tableHeader));
    indicators = readSelfTable(reader, tableHeader, end);
    reader.regions.push({ row: end, reason: REASON.after });
    const columns = tableColumns(reader.cells(tableHeader), area.right);
    if (totalRow >= 0) total = readTotal(reader, totalRow, columns);
    if (gradeRow >= 0) grade = reader.valueOf(reader.cells(gradeRow)[0]);
  }

  const form: SelfEvaluationForm = {
    kind: "self-evaluation",
    sheet: view.sheet.name,
    range: reader.range(),
    templateId: null,
    year: reader.year,
    header: {
      projectName: header.projectName,
      department: header.department,
      implementer: header.implementer,
      manager: header.manager,
      phone: header.phone,
    },
    moneyUnit: unit,
    ratePercentHeader: ratePercent,
    funding,
    goals: { expected: goals[0], actual: goals[1] },
    indicators,
    total,
    grade,
  };
  return { form, unplaced: reader.unplaced() };
}

/** 总分 row: 满分 under 分值 and the total under 得分, or its two numbers in order when shifted. */
function readTotal(reader: FormReader, row: number, columns: readonly Column[]): { fullScore: Field; score: Field } {
  const cells = reader.cells(row);
  const label = cells[0];
  reader.label(label);
  const values = cells.slice(1).filter((c) => !reader.consumed.has(c));
  const weight = columns.find((c) => c.field === "weight");
  const score = columns.find((c) => c.field === "score");
  const empty = (c: Column | undefined): Field => (c ? reader.blank(row, c.from) : ABSENT);
  if (values.length === 2) return { fullScore: reader.field(values[0]), score: reader.field(values[1]) };
  if (values.length === 1) {
    const v = values[0];
    const nearScore = score && (!weight || Math.abs(v.col - score.from) < Math.abs(v.col - weight.from));
    return nearScore
      ? { fullScore: empty(weight), score: reader.field(v) }
      : { fullScore: reader.field(v), score: empty(score) };
  }
  if (values.length === 0) return { fullScore: empty(weight), score: empty(score) };
  const onto = (c: Column | undefined): Cell | undefined =>
    c ? values.find((v) => v.col >= c.from && v.col <= c.to) : undefined;
  const w = onto(weight);
  const s = onto(score);
  return { fullScore: w ? reader.field(w) : empty(weight), score: s ? reader.field(s) : empty(score) };
}

function readDeclaration(view: View, area: Area, anchor: Anchor): Recognized {
  const reader = new FormReader(view, area, anchor);
  const tableHeader = findTableHeader(reader, area.top, area.bottom);
  const tableOrEnd = tableHeader >= 0 ? tableHeader : area.bottom + 1;
  const fundLabel = reader.find(area.top, tableOrEnd - 1, (k) => {
    const f = declFundingOf(k);
    return f === "projectTotal" || f === "annualTotal";
  });
  const goalLabel = reader.find(area.top, tableOrEnd - 1, (k) => isOverallGoal(k) || isAnnualGoal(k));
  const nameRow = anchor.name ? anchor.name.row : area.top;
  const fundRow = fundLabel ? fundLabel.row : -1;
  const goalsRow = goalLabel ? goalLabel.row : -1;
  const headerEnd = Math.min(...[fundRow, goalsRow, tableOrEnd].filter((r) => r >= 0));

  reader.readTop(Math.min(nameRow, headerEnd));
  reader.regions.push({ row: Math.min(nameRow, headerEnd), reason: REASON.header });
  const header = reader.readHeader(area.top, headerEnd, [
    "projectName",
    "nature",
    "category",
    "department",
    "implementer",
    "startDate",
    "endDate",
  ]);

  // 项目资金: each amount beside its label; the two 其他资金 told apart by the column they stand in.
  const funding: Record<DeclFunding, Field> = {
    projectTotal: ABSENT,
    fiscal: ABSENT,
    projectOther: ABSENT,
    annualTotal: ABSENT,
    currentYear: ABSENT,
    carryOver: ABSENT,
    annualOther: ABSENT,
  };
  let unit: "万元" | "元" | null = null;
  if (fundRow >= 0) {
    reader.regions.push({ row: fundRow, reason: REASON.funding });
    const end = Math.min(...[goalsRow, tableOrEnd].filter((r) => r > fundRow));
    const labels: { key: DeclFunding | "other"; cell: Cell }[] = [];
    const blockCells: Cell[] = [];
    for (let r = fundRow; r < end; r++) {
      for (const c of reader.cells(r)) {
        const key = declFundingOf(c.key);
        if (key) labels.push({ key, cell: c });
        else if (c.key.startsWith("项目资金") || c.key.includes("单位")) blockCells.push(c);
      }
    }
    unit = reader.moneyUnit(blockCells) ?? reader.unitAbove(fundRow);
    blockCells.forEach((c) => reader.label(c));
    const project = labels.find((l) => l.key === "projectTotal")?.cell;
    const annual = labels.find((l) => l.key === "annualTotal")?.cell;
    for (const l of labels) reader.label(l.cell);
    for (const l of labels) {
      let key: DeclFunding = l.key === "other" ? "annualOther" : l.key;
      if (l.key === "other" && project) {
        if (annual && annual.col === project.col) {
          // Both totals in one column, one block above the other: a 其他资金 belongs to the total above it.
          const underProject = l.cell.row > project.row && (annual.row < project.row || l.cell.row < annual.row);
          key = underProject ? "projectOther" : "annualOther";
        } else {
          const dp = Math.abs(l.cell.col - project.col);
          const da = annual ? Math.abs(l.cell.col - annual.col) : Infinity;
          key = dp < da ? "projectOther" : "annualOther";
        }
      }
      if (funding[key] !== ABSENT) continue;
      funding[key] = reader.valueOf(l.cell);
    }
  }
  const unitFinal = unit ?? reader.unitAbove(tableOrEnd);

  let goals: [Field, Field] = [ABSENT, ABSENT];
  if (goalsRow >= 0) {
    reader.regions.push({ row: goalsRow, reason: REASON.goals });
    goals = reader.readGoals(goalsRow, tableOrEnd, isOverallGoal, isAnnualGoal);
  }

  let indicators: DeclaredIndicator[] = [];
  if (tableHeader >= 0) {
    reader.regions.push({ row: tableHeader, reason: REASON.table });
    const footerRow = findRow(reader, tableHeader + 1, area.bottom, isFooter);
    const end = footerRow >= 0 ? footerRow - 1 : area.bottom;
    indicators = readDeclTable(reader, tableHeader, end);
    if (footerRow >= 0) reader.regions.push({ row: footerRow, reason: REASON.after });
  }

  const form: TargetDeclarationForm = {
    kind: "target-declaration",
    sheet: view.sheet.name,
    range: reader.range(),
    templateId: null,
    year: reader.year,
    header: {
      projectName: header.projectName,
      nature: header.nature,
      category: header.category,
      department: header.department,
      implementer: header.implementer,
      startDate: header.startDate,
      endDate: header.endDate,
    },
    moneyUnit: unitFinal,
    funding,
    goals: { overall: goals[0], annual: goals[1] },
    indicators,
  };
  return { form, unplaced: reader.unplaced() };
}

// ---------------------------------------------------------------------------------------------------
// Entry points

/**
 * Every 自评表 and 申报表 on a sheet, found by their labels, in the order they stand (top to bottom,
 * then left to right). An empty or unrelated sheet gives [].
 * @example recognizeForms(sheet).map((r) => r.form.header.projectName.value)
 */
export function recognizeForms(sheet: SheetGrid): Recognized[] {
  const view = new View(sheet);
  let anchors = findAnchors(view);
  let areas = computeAreas(view, anchors);
  // A 项目名称 with no title is a form only when the blocks follow it; a title with neither its 项目名称
  // nor any block below it is a mention of the form (an instructions sheet), not a form.
  const kept = anchors.filter((a, i) => {
    const guessed = guessKind(view, areas[i]);
    if (a.kind) return a.name !== null || guessed !== null;
    a.kind = guessed;
    return a.kind !== null;
  });
  if (kept.length !== anchors.length) {
    anchors = kept;
    areas = computeAreas(view, anchors);
  }
  const out = anchors.map((a, i) =>
    a.kind === "target-declaration" ? readDeclaration(view, areas[i], a) : readSelfEvaluation(view, areas[i], a),
  );
  return out.sort(
    (a, b) =>
      (a.form.range?.from.row ?? 0) - (b.form.range?.from.row ?? 0) ||
      (a.form.range?.from.col ?? 0) - (b.form.range?.from.col ?? 0),
  );
}

/**
 * Every form on every sheet of a workbook that is not one of the product's own standard sheets (those
 * are read by their defined names, `readStandardForms`) and not very hidden (a carried template).
 * @example recognizeWorkbook(workbook).length
 */
export function recognizeWorkbook(workbook: WorkbookGrid): Recognized[] {
  const standard = new Set<string>();
  for (const fields of standardFormNames(workbook.definedNames).values()) {
    for (const target of fields.values()) standard.add(target.sheet);
  }
  return workbook.sheets
    .filter((s) => s.state !== "veryHidden" && !standard.has(s.name))
    .flatMap((s) => recognizeForms(s));
}
