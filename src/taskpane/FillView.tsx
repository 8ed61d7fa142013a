/**
 * 填充: fills in what the rules can compute, and adds or deletes indicator rows. 预览 asks the gateway
 * what it would change and shows it, a card per cell; nothing is written until the user clicks 确认填充.
 * After writing, the sheet is read and checked again and its findings are listed, each taking the user to
 * its cell. A change to the sheet after 预览 discards the plan, since its 现值 no longer says what is in
 * the cells.
 */
import * as React from "react";
import {
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Subtitle2,
  Badge,
  Body1,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { a1, cellText, type Form, type RawValue, type SheetCell } from "../domain";
import { checkSheet } from "./check";
import { NoFormMessage, SheetResults } from "./CheckResults";
import { useGateway } from "./GatewayContext";
import type { ActiveSheet, PlannedChange } from "./gateway";
import { useReportError } from "./errors";
import { SummaryButton } from "./SummaryButton";
import { DEFAULT_CHECK_DEBOUNCE_MS } from "./CheckView";
import { useActiveSheetReader } from "./useActiveSheetReader";
import { useSheetEvents } from "./useSheetEvents";
import { useAnnounce } from "./a11y";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalL,
  },
  section: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
  },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalS,
  },
  caption: {
    color: tokens.colorNeutralForeground3,
  },
  changes: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
  },
  change: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    minWidth: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  changeHead: {
    display: "flex",
    alignItems: "baseline",
    columnGap: tokens.spacingHorizontalS,
    minWidth: 0,
  },
  label: {
    flexGrow: 1,
    minWidth: 0,
    overflowWrap: "anywhere",
  },
  badge: {
    flexShrink: 0,
  },
  cell: {
    fontFamily: tokens.fontFamilyMonospace,
  },
  values: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "baseline",
    columnGap: tokens.spacingHorizontalS,
    minWidth: 0,
    fontVariantNumeric: "tabular-nums",
  },
  before: {
    color: tokens.colorNeutralForeground3,
  },
  after: {
    minWidth: 0,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
  },
  formula: {
    fontFamily: tokens.fontFamilyMonospace,
    fontWeight: tokens.fontWeightRegular,
  },
  arrow: {
    color: tokens.colorNeutralForeground3,
  },
  hidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
  },
});

export const REASON_LABEL: Record<PlannedChange["reason"], string> = {
  "suggested-score": "按完成比例计算的建议得分",
  "restore-formula": "公式被改写或缺失",
};

/** A cell value as the table shows it. */
function valueText(value: RawValue): string {
  const text = cellText(value);
  return text === "" ? "（空）" : text;
}

/** The new value of a change, or the formula it restores. */
export function afterText(change: PlannedChange): string {
  return "formula" in change.after ? `恢复公式 =${change.after.formula}` : valueText(change.after.value);
}

/** The 三级指标 names of a form's indicator rows, in table order; null for a form without such rows. */
export function indicatorNames(form: Form): string[] | null {
  if (form.kind === "expert-scoring") return null;
  return form.indicators.map((row, i) => {
    const name = cellText(row.level3.value).trim();
    return name === "" ? `第 ${i + 1} 行（未命名）` : name;
  });
}

/**
 * One planned change, as a card that fits a narrow pane: 内容 and the 单元格 badge, then 现值 → 新值,
 * then the 原因 as a caption.
 */
function ChangeCard({ change }: { readonly change: PlannedChange }): React.JSX.Element {
  const styles = useStyles();
  const restores = "formula" in change.after;
  return (
    <div className={styles.change}>
      <div className={styles.changeHead}>
        <Body1 className={styles.label}>{change.label}</Body1>
        <Badge appearance="tint" color="informative" className={styles.badge}>
          <span className={styles.hidden}>单元格 </span>
          <span className={styles.cell}>{a1(change.cell)}</span>
        </Badge>
      </div>
      <div className={styles.values}>
        <span className={styles.before}>
          <span className={styles.hidden}>现值 </span>
          {change.before === "" ? "（空）" : change.before}
        </span>
        <span className={styles.arrow} aria-hidden="true">
          →
        </span>
        <span className={mergeClasses(styles.after, restores && styles.formula)}>
          <span className={styles.hidden}>{restores ? "，" : "，新值 "}</span>
          {afterText(change)}
        </span>
      </div>
      <Caption1 className={styles.caption}>{REASON_LABEL[change.reason]}</Caption1>
    </div>
  );
}

type Busy = null | "preview" | "apply" | "add" | "delete";

/** Where focus goes after an action. */
type FocusTarget = "preview" | "changes" | "noChanges" | "filled" | "deleteRow" | "confirm" | "rowDone";

interface Plan {
  readonly sheetName: string;
  readonly changes: readonly PlannedChange[];
}

export interface FillViewProps {
  /** Delay between a change to the sheet and the re-read (tests shorten it). */
  readonly debounceMs?: number;
}

export function FillView({ debounceMs = DEFAULT_CHECK_DEBOUNCE_MS }: FillViewProps): React.JSX.Element {
  const styles = useStyles();
  const gateway = useGateway();
  const report = useReportError();
  const [sheet, setSheet] = React.useState<ActiveSheet | null>(null);
  const [plan, setPlan] = React.useState<Plan | null>(null);
  const [planDiscarded, setPlanDiscarded] = React.useState(false);
  const [filled, setFilled] = React.useState<number | null>(null);
  const [rowDone, setRowDone] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState<Busy>(null);
  const [indicator, setIndicator] = React.useState(0);
  const [confirmDelete, setConfirmDelete] = React.useState(false);

  const reader = useActiveSheetReader(setSheet, debounceMs);
  const { polite } = useAnnounce();
  // Focus follows each action to its result, so that it never falls to the page when a control goes.
  const [focusTo, setFocusTo] = React.useState<{ readonly target: FocusTarget; readonly n: number } | null>(null);
  const focus = (target: FocusTarget): void => setFocusTo((f) => ({ target, n: (f?.n ?? 0) + 1 }));
  const targets = {
    preview: React.useRef<HTMLButtonElement>(null),
    changes: React.useRef<HTMLUListElement>(null),
    noChanges: React.useRef<HTMLDivElement>(null),
    filled: React.useRef<HTMLDivElement>(null),
    deleteRow: React.useRef<HTMLButtonElement>(null),
    confirm: React.useRef<HTMLDivElement>(null),
    rowDone: React.useRef<HTMLDivElement>(null),
  };
  React.useLayoutEffect(() => {
    if (focusTo) targets[focusTo.target].current?.focus();
  }, [focusTo]);

  useSheetEvents((event) => {
    if (event.kind === "changed" && sheet !== null && event.sheetName !== sheet.sheetName) return;
    if (busy === null && plan !== null) {
      setPlan(null);
      setPlanDiscarded(true);
    }
    // Another sheet is read at once, so that 预览 never plans for the sheet the user just left.
    if (event.kind === "activated") void reader.readNow();
    else reader.schedule();
  });

  const form = sheet?.forms[0] ?? null;
  const names = form ? indicatorNames(form) : null;
  const chosen = names && names.length > 0 ? Math.min(indicator, names.length - 1) : null;
  const check = React.useMemo(() => (sheet && filled !== null ? checkSheet(sheet) : null), [sheet, filled]);

  /** Runs one gateway operation with the view disabled, reporting its failure. */
  const run = async (what: Exclude<Busy, null>, operation: () => Promise<void>): Promise<void> => {
    setBusy(what);
    try {
      await operation();
    } catch (error) {
      report(error);
    } finally {
      setBusy(null);
    }
  };

  const preview = (): Promise<void> =>
    run("preview", async () => {
      if (!sheet) return;
      setFilled(null);
      setPlanDiscarded(false);
      const changes = await gateway.planFill(sheet.sheetName);
      setPlan({ sheetName: sheet.sheetName, changes });
      focus(changes.length > 0 ? "changes" : "noChanges");
      polite(changes.length > 0 ? `预览：${changes.length} 个单元格将被填充` : "没有需要填充的单元格");
    });

  const apply = (): Promise<void> =>
    run("apply", async () => {
      if (!plan) return;
      await gateway.applyFill(plan.sheetName, plan.changes);
      setPlan(null);
      setFilled(plan.changes.length);
      focus("filled");
      polite(`已填充 ${plan.changes.length} 个单元格`);
      await reader.readNow();
    });

  const addRow = (): Promise<void> =>
    run("add", async () => {
      if (!sheet || chosen === null || !names) return;
      setRowDone(null);
      await gateway.addIndicatorRow(sheet.sheetName, chosen);
      setPlan(null);
      const done = `已在指标“${names[chosen]}”之后添加一行。`;
      setRowDone(done);
      focus("rowDone");
      polite(done);
      await reader.readNow();
    });

  const deleteRow = (): Promise<void> =>
    run("delete", async () => {
      setConfirmDelete(false);
      if (!sheet || chosen === null || !names) return;
      setRowDone(null);
      await gateway.deleteIndicatorRow(sheet.sheetName, chosen);
      setPlan(null);
      setIndicator(Math.max(0, chosen - 1));
      const done = `已删除指标“${names[chosen]}”所在行。`;
      setRowDone(done);
      focus("rowDone");
      polite(done);
      await reader.readNow();
    });

  const selectCell = (cell: SheetCell): void => {
    gateway.selectCell(cell).catch(report);
  };

  const disabled = busy !== null || reader.reading || !form;

  return (
    <div className={styles.root}>
      {sheet && !form ? <NoFormMessage sheetName={sheet.sheetName} /> : null}
      {sheet === null && reader.reading ? <Spinner size="tiny" label="正在读取工作表…" /> : null}

      <section className={styles.section} aria-label="填充计算结果">
        <Subtitle2 as="h2">填充计算结果</Subtitle2>
        <Caption1 className={styles.caption}>
          填写定量指标按完成比例计算的建议得分，并恢复被改写或缺失的公式。先预览，点击“确认填充”后才写入表格。
        </Caption1>
        <div className={styles.actions}>
          <Button ref={targets.preview} onClick={() => void preview()} disabledFocusable={disabled}>
            预览
          </Button>
          {busy === "preview" ? <Spinner size="tiny" label="正在计算…" /> : null}
        </div>
        {planDiscarded ? (
          <MessageBar intent="warning">
            <MessageBarBody>表格在预览后有改动，请重新预览。</MessageBarBody>
          </MessageBar>
        ) : null}
        {plan && plan.changes.length === 0 ? (
          <MessageBar ref={targets.noChanges} tabIndex={-1} intent="info">
            <MessageBarBody>没有需要填充的单元格。</MessageBarBody>
          </MessageBar>
        ) : null}
        {plan && plan.changes.length > 0 ? (
          <>
            <ul
              ref={targets.changes}
              tabIndex={-1}
              className={styles.changes}
              role="list"
              aria-label={`工作表“${plan.sheetName}”的计划更改`}
            >
              {plan.changes.map((change, i) => (
                <li key={i}>
                  <ChangeCard change={change} />
                </li>
              ))}
            </ul>
            <div className={styles.actions}>
              <Button appearance="primary" onClick={() => void apply()} disabledFocusable={busy !== null}>
                确认填充
              </Button>
              <Button
                onClick={() => {
                  setPlan(null);
                  focus("preview");
                }}
                disabledFocusable={busy !== null}
              >
                取消
              </Button>
              {busy === "apply" ? <Spinner size="tiny" label="正在填充…" /> : null}
            </div>
          </>
        ) : null}
        {filled !== null ? (
          <MessageBar ref={targets.filled} tabIndex={-1} intent="success">
            <MessageBarBody>
              <MessageBarTitle>已填充</MessageBarTitle>
              已写入 {filled} 个单元格，重新检查的结果如下。
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {check && busy !== "apply" ? <SheetResults check={check} showFindings onSelectCell={selectCell} /> : null}
      </section>

      {names ? (
        <section className={styles.section} aria-label="指标行">
          <Subtitle2 as="h2">指标行</Subtitle2>
          <Field label="指标（三级指标）">
            <Select
              value={chosen === null ? "" : String(chosen)}
              onChange={(_, data) => {
                setIndicator(Number(data.value));
                setConfirmDelete(false);
              }}
              disabled={disabled || names.length === 0}
            >
              {names.map((name, i) => (
                <option key={i} value={String(i)}>
                  {`${i + 1}. ${name}`}
                </option>
              ))}
            </Select>
          </Field>
          <div className={styles.actions}>
            <Button onClick={() => void addRow()} disabledFocusable={disabled || chosen === null}>
              添加指标行
            </Button>
            <Button
              ref={targets.deleteRow}
              onClick={() => {
                setConfirmDelete(true);
                focus("confirm");
              }}
              disabledFocusable={disabled || chosen === null}
            >
              删除指标行
            </Button>
            {busy === "add" || busy === "delete" ? <Spinner size="tiny" label="正在修改…" /> : null}
          </div>
          {confirmDelete && chosen !== null ? (
            <MessageBar ref={targets.confirm} tabIndex={-1} intent="warning" layout="multiline">
              <MessageBarBody>确定删除指标“{names[chosen]}”所在的行？该行填写的内容将一并删除。</MessageBarBody>
              <MessageBarActions>
                <Button size="small" appearance="primary" onClick={() => void deleteRow()}>
                  确定删除
                </Button>
                <Button
                  size="small"
                  onClick={() => {
                    setConfirmDelete(false);
                    focus("deleteRow");
                  }}
                >
                  取消
                </Button>
              </MessageBarActions>
            </MessageBar>
          ) : null}
          {rowDone !== null ? (
            <MessageBar ref={targets.rowDone} tabIndex={-1} intent="success">
              <MessageBarBody>{rowDone}</MessageBarBody>
            </MessageBar>
          ) : null}
        </section>
      ) : null}
      <SummaryButton />
    </div>
  );
}
