/**
 * Reads standard sheets (made by this product, from the add-in or from `zpb template`) back into the
 * domain model. It finds the form by its defined names, not by fixed addresses, and then trusts the
 * sheet over the names where a user may have changed it: indicator rows are read from the table's
 * header to the 总分 row (so inserted and deleted rows are seen), columns by their header labels (so
 * respaced labels still match), and a computed cell that lost its formula is reported, not trusted.
 */
import type { CellAddress } from "../domain/address";
import { adr } from "../domain/address";
import type {
  ComputedField,
  DeclaredIndicator,
  Field,
  Form,
  FundingRow,
  FundingRowKey,
  Indicator,
  SelfEvaluationForm,
  TargetDeclarationForm,
} from "../domain/model";
import { ABSENT, FUNDING_ROW_KEYS } from "../domain/model";
import { cellText, comparable } from "../domain/text";
import { fieldAt, type DefinedName, type SheetGrid, type WorkbookGrid } from "./grid";
import { readExpertScoring } from "./read-expert";
import { COL, parseFormName } from "./standard";

export interface NameTarget {
  readonly sheet: string;
  readonly from: CellAddress;
  readonly to: CellAddress;
}

/**
 * Resolves a defined name's reference (`'自评 表'!$C$3`, `Sheet1!$A$14:$I$19`); null when it is broken
 * (`#REF!`) or not a plain range.
 * @example resolveRef("'自评表'!$C$3") // { sheet: "自评表", from: {row: 2, col: 2}, to: {row: 2, col: 2} }
 */
export function resolveRef(ref: string): NameTarget | null {
  const m = /^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(ref.trim());
  if (!m) return null;
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
  const from = adr(`${m[3]}${m[4]}`);
  const to = m[5] ? adr(`${m[5]}${m[6]}`) : from;
  return { sheet, from, to };
}

/** The standard forms' names in a workbook, grouped by form number: field → target. */
export function standardFormNames(names: readonly DefinedName[]): Map<number, Map<string, NameTarget>> {
  const forms = new Map<number, Map<string, NameTarget>>();
  for (const n of names) {
    const parsed = parseFormName(n.name);
    if (!parsed) continue;
    const target = resolveRef(n.ref);
    if (!target) continue;
    const fields = forms.get(parsed.formNo) ?? new Map<string, NameTarget>();
    fields.set(parsed.field, target);
    forms.set(parsed.formNo, fields);
  }
  return forms;
}

const HEADER_LABELS: Record<string, keyof typeof COL> = {
  一级指标: "level1",
  二级指标: "level2",
  三级指标: "level3",
  年度指标值: "target",
  实际完成值: "actual",
  分值: "weight",
  得分: "score",
  偏差原因分析及改进措施: "deviation",
  建议得分: "suggested",
};

/** A standard form read from a sheet, with what the reader could not place. */
export interface StandardRead {
  readonly form: Form;
  /** Names that were missing or broken (`#REF!`): the fields read as absent. */
  readonly missing: readonly string[];
}

/**
 * Reads every standard form on every sheet of a workbook.
 * @example readStandardForms(grid).map((r) => r.form.header.projectName.value)
 */
export function readStandardForms(workbook: WorkbookGrid): StandardRead[] {
  const out: StandardRead[] = [];
  const byName = new Map(workbook.sheets.map((s) => [s.name, s]));
  const forms = [...standardFormNames(workbook.definedNames).entries()].sort((a, b) => a[0] - b[0]);
  for (const [, fields] of forms) {
    const anchor = fields.get("indicatorHeader") ?? fields.get("projectName");
    const sheet = anchor ? byName.get(anchor.sheet) : undefined;
    if (!sheet) continue;
    const kindTarget = fields.get("kind");
    const kind = kindTarget
      ? cellText(byName.get(kindTarget.sheet)?.cell(kindTarget.from.row, kindTarget.from.col)?.value ?? null)
      : "";
    out.push(
      kind === "expert-scoring" || fields.has("expertNames")
        ? readExpertScoring(sheet, fields)
        : kind === "target-declaration" || fields.has("nature")
          ? readDeclaration(sheet, fields)
          : readOne(sheet, fields),
    );
  }
  return out;
}

/** A reader of named fields on one sheet that remembers which names were missing. */
function namedReader(sheet: SheetGrid, names: Map<string, NameTarget>, missing: string[]): (field: string) => Field {
  return (field) => {
    const target = names.get(field);
    if (!target || target.sheet !== sheet.name) {
      missing.push(field);
      return ABSENT;
    }
    return fieldAt(sheet, target.from);
  };
}

function readYear(field: Field): number | null {
  const m = /(\d{4})\s*年/.exec(cellText(field.value));
  return m ? Number(m[1]) : null;
}

function readDeclaration(sheet: SheetGrid, names: Map<string, NameTarget>): StandardRead {
  const missing: string[] = [];
  const named = namedReader(sheet, names, missing);
  const header = names.get("indicatorHeader");
  const end = names.get("tableEnd");
  const indicators: DeclaredIndicator[] = [];
  if (header && header.sheet === sheet.name) {
    const stop = end && end.sheet === sheet.name ? end.from.row : sheet.rowCount;
    let level1: Field = ABSENT;
    let level2: Field = ABSENT;
    for (let r = header.from.row + 1; r < stop; r++) {
      const l1 = fieldAt(sheet, { row: r, col: 1 });
      const l2 = fieldAt(sheet, { row: r, col: 2 });
      if (cellText(l1.value).trim() !== "") level1 = l1;
      if (cellText(l2.value).trim() !== "") level2 = l2;
      indicators.push({
        level1,
        level2,
        level3: fieldAt(sheet, { row: r, col: 3 }),
        target: fieldAt(sheet, { row: r, col: 4 }),
      });
    }
  }
  const templateId = cellText(named("templateId").value).trim();
  const form: TargetDeclarationForm = {
    kind: "target-declaration",
    sheet: sheet.name,
    range: { from: { row: 0, col: 0 }, to: { row: Math.max(0, (end?.from.row ?? sheet.rowCount) - 1), col: 5 } },
    templateId: templateId === "" ? null : templateId,
    year: readYear(named("year")),
    header: {
      projectName: named("projectName"),
      nature: named("nature"),
      category: named("category"),
      department: named("department"),
      implementer: named("implementer"),
      startDate: named("startDate"),
      endDate: named("endDate"),
    },
    moneyUnit: "元",
    funding: {
      projectTotal: named("projectTotal"),
      fiscal: named("fiscal"),
      projectOther: named("projectOther"),
      annualTotal: named("annualTotal"),
      currentYear: named("currentYear"),
      carryOver: named("carryOver"),
      annualOther: named("annualOther"),
    },
    goals: { overall: named("goalOverall"), annual: named("goalAnnual") },
    indicators,
  };
  return { form, missing };
}

function readOne(sheet: SheetGrid, names: Map<string, NameTarget>): StandardRead {
  const missing: string[] = [];
  const overwritten: { field: ComputedField; at: CellAddress; text: string }[] = [];
  const named = namedReader(sheet, names, missing);
  /** A computed cell: read its value, and note it when its formula was replaced by a typed value. */
  const computed = (field: Field, kind: ComputedField): Field => {
    if (!field.at) return field;
    const cell = sheet.cell(field.at.row, field.at.col);
    if (cell && cell.formula === undefined && cellText(cell.value).trim() !== "") {
      overwritten.push({ field: kind, at: field.at, text: cellText(cell.value) });
    }
    return field;
  };

  const fundingRow = (key: FundingRowKey): FundingRow => {
    const rate = computed(named(`${key}_rate`), "executionRate");
    const isTotal = key === "total";
    return {
      initialBudget: named(`${key}_initialBudget`),
      annualBudget: named(`${key}_annualBudget`),
      executed: named(`${key}_executed`),
      weight: isTotal ? named("fundingWeight") : ABSENT,
      rate,
      score: isTotal ? computed(named("fundingScore"), "fundingScore") : ABSENT,
    };
  };
  const funding = Object.fromEntries(FUNDING_ROW_KEYS.map((k) => [k, fundingRow(k)])) as Record<
    FundingRowKey,
    FundingRow
  >;

  const fullScore = computed(named("fullScore"), "fullScore");
  const totalScore = computed(named("totalScore"), "totalScore");
  const gradeTarget = names.get("grade");
  const grade = gradeTarget ? computed(named("grade"), "grade") : null;

  // The indicator table: from its header row down to the 总分 row, wherever rows were inserted or deleted.
  const header = names.get("indicatorHeader");
  const indicators: Indicator[] = [];
  const fundingHeader = names.get("fundingHeader");
  if (header && header.sheet === sheet.name) {
    const columns: Partial<Record<keyof typeof COL, number>> = {};
    for (let c = 0; c < Math.max(sheet.colCount, COL.suggested + 1); c++) {
      const label = HEADER_LABELS[comparable(cellText(sheet.cell(header.from.row, c)?.value ?? null))];
      if (label && columns[label] === undefined) columns[label] = c;
    }
    const col = (k: keyof typeof COL): number => columns[k] ?? COL[k];
    const end = totalScore.at ? totalScore.at.row : sheet.rowCount;
    let level1: Field = ABSENT;
    let level2: Field = ABSENT;
    for (let r = header.from.row + 1; r < end; r++) {
      const at = (k: keyof typeof COL): Field => fieldAt(sheet, { row: r, col: col(k) });
      const l1 = at("level1");
      const l2 = at("level2");
      // An empty 一级/二级 cell continues the category above, merged or not.
      if (cellText(l1.value).trim() !== "") level1 = l1;
      if (cellText(l2.value).trim() !== "") level2 = l2;
      indicators.push({
        level1,
        level2,
        level3: at("level3"),
        target: at("target"),
        actual: at("actual"),
        weight: at("weight"),
        score: at("score"),
        deviation: at("deviation"),
      });
      if (columns.suggested !== undefined) computed(at("suggested"), "suggestedScore");
    }
  }

  const moneyLabel = fundingHeader ? cellText(fieldAt(sheet, { row: fundingHeader.from.row, col: 0 }).value) : "";
  const rateLabel = fundingHeader ? cellText(sheet.cell(fundingHeader.from.row, COL.rate)?.value ?? null) : "";
  const templateId = cellText(named("templateId").value).trim();
  const last = grade?.at?.row ?? totalScore.at?.row ?? sheet.rowCount - 1;
  const form: SelfEvaluationForm = {
    kind: "self-evaluation",
    sheet: sheet.name,
    range: { from: { row: 0, col: 0 }, to: { row: Math.max(0, last), col: COL.fundingScore } },
    templateId: templateId === "" ? null : templateId,
    year: readYear(named("year")),
    header: {
      projectName: named("projectName"),
      department: named("department"),
      implementer: named("implementer"),
      manager: names.has("manager") ? named("manager") : ABSENT,
      phone: names.has("phone") ? named("phone") : ABSENT,
    },
    moneyUnit: moneyLabel.includes("万元") ? "万元" : moneyLabel.includes("元") ? "元" : null,
    ratePercentHeader: rateLabel.includes("%") || rateLabel.includes("％"),
    funding,
    goals: { expected: named("goalExpected"), actual: named("goalActual") },
    indicators,
    total: { fullScore, score: totalScore },
    grade,
    overwritten,
  };
  return { form, missing };
}
