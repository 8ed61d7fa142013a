/**
 * Reading one form's area: the cells it consumed, header fields by their labels (a label's value is
 * the next cell that is not itself a label, so a blank value does not shift its neighbours), goal
 * texts, the year, and — at the end — every cell nobody placed, with the block it stood in.
 */
import type { CellAddress } from "../../domain/address";
import type { Field, Form } from "../../domain/model";
import { ABSENT } from "../../domain/model";
import { readDate } from "../../domain/numbers";
import type { Anchor } from "./anchors";
import { loneLineAbove } from "./anchors";
import {
  headerKeyOf,
  inlineHeader,
  isOtherHeaderLabel,
  isTrailer,
  isKnownLabel,
  isYearLine,
  moneyUnitIn,
  titleKind,
  yearIn,
  type HeaderKey,
} from "./lexicon";
import type { Area, Cell, View } from "./view";

/** A non-empty cell of a form that was not read into any field and is not a label the recognizer knows. */
export interface Unplaced {
  readonly at: CellAddress;
  readonly text: string;
  /** Why it was not placed, in Chinese (shown to the user). */
  readonly reason: string;
}

/** One form found on a sheet. */
export interface Recognized {
  readonly form: Form;
  readonly unplaced: readonly Unplaced[];
}

export const REASON = {
  title: "标题区中未识别的文字",
  header: "表头中未识别的内容",
  funding: "项目资金表中对不上列的单元格",
  goals: "绩效目标栏中多出的内容",
  table: "指标行中对不上列的单元格",
  after: "表格之后未识别的内容",
} as const;

/**
 * The header fields some forms hold in one cell or under one label: a single 预算部门 for both
 * 主管部门 and 实施单位, 项目负责人及电话, and 项目起止时间 (`2023.07-2024.01`, start and end at one cell).
 */
function combined(out: Record<HeaderKey, Field>): Record<HeaderKey, Field> {
  const has = (k: HeaderKey): boolean => out[k] !== undefined && out[k].at !== null;
  const res = { ...out };
  if (has("unit")) {
    if (!has("department")) res.department = out.unit;
    if (!has("implementer")) res.implementer = out.unit;
  }
  if (has("managerPhone")) {
    if (!has("manager")) res.manager = out.managerPhone;
    if (!has("phone")) res.phone = out.managerPhone;
  }
  if (has("period") && !has("startDate") && !has("endDate")) {
    const parts = splitPeriod(typeof out.period.value === "string" ? out.period.value : "");
    if (parts) {
      res.startDate = { ...out.period, value: parts[0] };
      res.endDate = { ...out.period, value: parts[1] };
    } else res.startDate = out.period;
  }
  return res;
}

/**
 * A period's start and end: split at 至/到/~ or at the dash both sides of which are dates
 * (`2024-01-01-2024-12-31`), else at its only dash (`20246-202516`); null when it has no two parts.
 */
export function splitPeriod(text: string): [string, string] | null {
  const t = text.trim();
  const words = t.split(/\s*(?:至|到|~|～|—|–)\s*/);
  if (words.length === 2 && words.every((p) => p !== "")) return [words[0], words[1]];
  const dashes = [...t.matchAll(/-/g)].map((m) => m.index ?? 0);
  for (const i of dashes) {
    const [a, b] = [t.slice(0, i).trim(), t.slice(i + 1).trim()];
    if (readDate(a) && readDate(b)) return [a, b];
  }
  if (dashes.length === 1) {
    const [a, b] = [t.slice(0, dashes[0]).trim(), t.slice(dashes[0] + 1).trim()];
    if (a !== "" && b !== "") return [a, b];
  }
  return null;
}

export class FormReader {
  readonly consumed = new Set<Cell>();
  /** The first row of each region, for the reasons of unplaced cells. */
  readonly regions: { row: number; reason: string }[] = [];
  /** Template rows never filled in (`指标2：`, `……`, a bare 二级): the first cell of each. */
  readonly placeholders: CellAddress[] = [];
  year: number | null = null;

  constructor(
    readonly view: View,
    readonly area: Area,
    readonly anchor: Anchor,
  ) {
    for (const c of [anchor.title, ...anchor.captions]) if (c) this.consumed.add(c);
  }

  /** The non-empty cells of a row inside the form's columns (worked out once per row). */
  cells(row: number): Cell[] {
    if (row < this.area.top || row > this.area.bottom) return this.view.cells(row, this.area.left, this.area.right);
    return (this.rowCells[row - this.area.top] ??= this.view.cells(row, this.area.left, this.area.right));
  }
  private readonly rowCells: Cell[][] = [];

  /** Cells of a row that are neither consumed nor block labels. */
  free(row: number): Cell[] {
    return this.cells(row).filter((c) => !this.consumed.has(c) && !c.block);
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

  /** Marks every cell of the rows [from, to] as read: notes and sign-offs the model has no field for. */
  note(from: number, to: number): void {
    for (let r = from; r <= to; r++) for (const c of this.cells(r)) this.consumed.add(c);
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
   * The value of a label: the first cell to its right (merged-over cells are empty) that is not
   * another label; a value typed into the label's own cell after a colon (`项目名称：xx`).
   */
  valueOf(label: Cell): Field {
    this.label(label);
    const inline = label.known ? null : /^[^:：]+[:：]\s*(.+)$/s.exec(label.text);
    if (inline && inline[1].trim() !== "") {
      return { value: inline[1].trim(), at: { row: label.row, col: label.col } };
    }
    // The next cell, whatever it is: when it is another label (read or not), this label's value is
    // blank — a blank value must not take its neighbour's (`主管部门 | | 实施单位 | X`).
    const next = this.cells(label.row).find((c) => c.col > label.col);
    if (next && !this.consumed.has(next) && !next.known && !inlineHeader(next.text)) return this.field(next);
    return this.blank(label.row, label.lastCol + 1);
  }

  /** The cell `valueOf` would read for a label, without reading it. */
  private peek(label: Cell): Cell | null {
    const next = this.cells(label.row).find((c) => c.col > label.col);
    return next && !this.consumed.has(next) && !next.known && !inlineHeader(next.text) ? next : null;
  }

  /** Title, caption and year lines above the header: read the year, mark them as labels. */
  readTop(until: number): void {
    for (let r = this.area.top; r < until; r++) {
      for (const c of this.cells(r)) {
        const year = yearIn(c.key);
        const isTitle = c === this.anchor.title || this.anchor.captions.includes(c) || titleKind(c.key) !== null;
        if (isTitle || isYearLine(c.key)) {
          if (year !== null && (this.year === null || isYearLine(c.key))) this.year = year;
          this.consumed.add(c);
        }
      }
    }
  }

  /** Header fields by their labels, in rows [from, to). */
  readHeader(from: number, to: number, keys: readonly HeaderKey[]): Record<HeaderKey, Field> {
    const labels = new Map<HeaderKey, Cell>();
    const inlines = new Map<HeaderKey, Cell>();
    const all: Cell[] = [];
    for (let r = from; r < to; r++) {
      for (const c of this.cells(r)) {
        const k = headerKeyOf(c.key);
        if (k && keys.includes(k)) {
          all.push(c);
          // A label twice (`主管部门（盖章）：` signed above the table, `主管部门` in it): the one with a value.
          const earlier = labels.get(k);
          if (!earlier || (this.peek(earlier) === null && this.peek(c) !== null)) labels.set(k, c);
        }
        const inline = k ? null : inlineHeader(c.text);
        if (inline && keys.includes(inline.key) && !labels.has(inline.key)) inlines.set(inline.key, c);
      }
    }
    for (const c of all) this.label(c);
    // Labels of what the model does not hold: known, so never read as another label's value.
    for (let r = from; r < to; r++) for (const c of this.cells(r)) if (isOtherHeaderLabel(c.key)) this.label(c);
    const out = {} as Record<HeaderKey, Field>;
    const found: { labelCol: number; valueCol: number }[] = [];
    const pending: HeaderKey[] = [];
    for (const k of keys) {
      const label = labels.get(k);
      if (!label) {
        const inline = inlines.get(k);
        if (inline) {
          this.consumed.add(inline);
          out[k] = { value: inlineHeader(inline.text)?.value ?? null, at: { row: inline.row, col: inline.col } };
        } else out[k] = ABSENT;
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
    return combined(out);
  }

  /** 万元 or 元, from the 项目资金 label or a `单位：` line above the table. */
  moneyUnit(cells: readonly Cell[]): "万元" | "元" | null {
    for (const c of cells) {
      const unit = moneyUnitIn(c.key);
      if (unit) return unit;
    }
    return null;
  }

  unitAbove(to: number): "万元" | "元" | null {
    const cells: Cell[] = [];
    for (let r = this.area.top; r < to; r++) cells.push(...this.cells(r));
    return this.moneyUnit(
      cells.filter((c) => c.key.startsWith("项目资金") || c.key.includes("单位") || c.key.includes("预算数")),
    );
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
      for (const c of this.cells(r)) {
        if (this.consumed.has(c) || c.known || titleKind(c.key)) continue;
        let reason: string = REASON.title;
        for (const g of regions) if (g.row <= r) reason = g.reason;
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

/** The first row in [from, to] whose first cell passes. */
export function findRow(reader: FormReader, from: number, to: number, test: (key: string) => boolean): number {
  for (let r = from; r <= to; r++) {
    const first = reader.cells(r)[0];
    if (first && test(first.key)) return r;
  }
  return -1;
}

/** Rows after a table: notes and sign-offs are read as such, with the lines that continue them. */
export function readTrailers(reader: FormReader, from: number): void {
  let inNote = false;
  for (let r = from; r <= reader.area.bottom; r++) {
    const cells = reader.cells(r).filter((c) => !reader.consumed.has(c));
    if (cells.length === 0) continue;
    if (isTrailer(cells[0].key)) {
      reader.note(r, r);
      inNote = true;
    } else if (inNote && cells.length === 1 && cells[0].col > reader.area.left) {
      // The text of a note label above it (a long 评价结论 on the next line).
      reader.note(r, r);
    } else inNote = false;
  }
}
