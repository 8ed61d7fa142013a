/**
 * 检查: checks the active sheet live. Every change to the sheet, or a switch to another sheet, starts a
 * debounced check: one `readActiveSheet()` and the pure engine. A read that a later change has made
 * stale is dropped, so only the latest result is shown. Checking never writes to the workbook; it only
 * reads, subscribes, and selects the cell of a finding the user clicks. Two commands write, on new
 * sheets and only when clicked: 规范化 (a form of another layout) and 由申报表生成自评表 (a 申报表).
 */
import * as React from "react";
import {
  Button,
  Caption1,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { FromDeclarationResult, NormalizeResult } from "./gateway";
import type { SheetCell } from "../domain";
import { checkSheet, type SheetCheck } from "./check";
import { SheetResults } from "./CheckResults";
import { useGateway } from "./GatewayContext";
import { useReportError } from "./errors";
import { useActiveSheetReader } from "./useActiveSheetReader";
import { useSheetEvents } from "./useSheetEvents";
import { UnavailableNotice } from "./UnavailableNotice";
import { useAnnounce, useFocusOnChange } from "./a11y";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
  },
  bar: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
  },
  grow: {
    flexGrow: 1,
  },
  caption: {
    color: tokens.colorNeutralForeground3,
  },
  notes: {
    margin: `${tokens.spacingVerticalXS} 0 0 0`,
    paddingLeft: tokens.spacingHorizontalL,
  },
});

/**
 * What a screen reader says of a check: the sheet and its counts.
 * @example spokenSummary(check) // "工作表“自评表”：错误 2 个，警告 1 个"
 */
export function spokenSummary(check: SheetCheck): string {
  const where = `工作表“${check.sheet.sheetName}”`;
  if (check.forms.length === 0) return `${where}：没有自评表或申报表`;
  const sum = (s: "error" | "warning"): number => check.forms.reduce((n, f) => n + f.counts[s], 0);
  const errors = sum("error");
  const warnings = sum("warning");
  if (errors === 0 && warnings === 0) return `${where}：没有发现问题`;
  return `${where}：错误 ${errors} 个，警告 ${warnings} 个`;
}

/** Typing in a cell fires a change per edit; waiting this long after the last one checks once. */
export const DEFAULT_CHECK_DEBOUNCE_MS = 400;

export interface CheckViewProps {
  /** Delay between the last change and the check (tests shorten it). */
  readonly debounceMs?: number;
}

export function CheckView({ debounceMs = DEFAULT_CHECK_DEBOUNCE_MS }: CheckViewProps): React.JSX.Element {
  const styles = useStyles();
  const gateway = useGateway();
  const report = useReportError();
  const [result, setResult] = React.useState<SheetCheck | null>(null);
  const activeSheet = React.useRef<string | null>(null);
  const { polite } = useAnnounce();
  const lastSummary = React.useRef("");

  const reader = useActiveSheetReader((sheet) => {
    activeSheet.current = sheet.sheetName;
    try {
      const checked = checkSheet(sheet);
      setResult(checked);
      // The live check's counts are spoken when they change, not at every keystroke.
      const summary = spokenSummary(checked);
      if (summary !== lastSummary.current) {
        lastSummary.current = summary;
        polite(summary);
      }
    } catch (error) {
      // The engine throws only on a bug; the user still sees it.
      report(error);
    }
  }, debounceMs);

  useSheetEvents((event) => {
    // A change on a sheet other than the one shown does not change the result.
    if (event.kind === "changed" && activeSheet.current !== null && event.sheetName !== activeSheet.current) return;
    if (event.kind === "activated") activeSheet.current = event.sheetName;
    reader.schedule();
  });

  const selectCell = (cell: SheetCell): void => {
    gateway.selectCell(cell).catch(report);
  };

  // 规范化: only on the user's click, into new sheets; the original sheet is left as it is.
  const [normalizing, setNormalizing] = React.useState(false);
  const [normalized, setNormalized] = React.useState<NormalizeResult | null>(null);
  const foreign = result !== null && result.forms.some((f) => f.form.templateId === null);
  const normalizedRef = useFocusOnChange<HTMLDivElement>(normalized);
  const normalize = (): void => {
    if (!result) return;
    setNormalizing(true);
    setNormalized(null);
    gateway
      .normalizeSheet(result.sheet.sheetName)
      .then((made) => {
        setNormalized(made);
        polite(`已规范化：新建工作表 ${made.sheets.join("、")}`);
      }, report)
      .finally(() => setNormalizing(false));
  };

  // 由申报表生成自评表: only on the user's click, into new sheets; the 申报表 is left as it is.
  const [converting, setConverting] = React.useState(false);
  const [converted, setConverted] = React.useState<FromDeclarationResult | null>(null);
  const declarations = result === null ? 0 : result.forms.filter((f) => f.form.kind === "target-declaration").length;
  const convertedRef = useFocusOnChange<HTMLDivElement>(converted);
  const convert = (): void => {
    if (!result) return;
    setConverting(true);
    setConverted(null);
    gateway
      .selfEvaluationFromDeclarations(result.sheet.sheetName)
      .then((made) => {
        setConverted(made);
        polite(`已生成自评表：${made.sheets.map((s) => s.sheetName).join("、")}`);
      }, report)
      .finally(() => setConverting(false));
  };

  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <Subtitle2 as="h2" className={styles.grow}>
          {result ? `工作表“${result.sheet.sheetName}”` : "检查结果"}
        </Subtitle2>
        {reader.reading ? <Spinner size="tiny" label="正在检查…" /> : null}
        <Button size="small" onClick={() => void reader.readNow()} disabledFocusable={reader.reading}>
          重新检查
        </Button>
      </div>
      <Caption1 className={styles.caption}>修改表格或切换工作表后自动重新检查；点击问题可定位到单元格。</Caption1>
      {foreign ? (
        <MessageBar intent="info">
          <MessageBarBody>
            <MessageBarTitle>其他版式的表</MessageBarTitle>
            本表不是按模板生成的标准表。可规范化为标准表：每张表放到一个新工作表，数值全部保留，原表不变。
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={normalize} disabledFocusable={normalizing}>
              {normalizing ? "正在规范化…" : "规范化当前工作表"}
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
      {normalized ? (
        <MessageBar ref={normalizedRef} tabIndex={-1} intent="success">
          <MessageBarBody>
            <MessageBarTitle>已规范化</MessageBarTitle>
            新建工作表：{normalized.sheets.join("、")}
            {normalized.unplaced.length > 0 ? `；${normalized.unplaced.length} 个单元格未能读入，请核对原表` : ""}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <UnavailableNotice messages={normalized?.unavailable} />
      {declarations > 0 ? (
        <MessageBar intent="info">
          <MessageBarBody>
            <MessageBarTitle>绩效目标申报表</MessageBarTitle>
            可由{declarations > 1 ? `本表的 ${declarations} 张申报表` : "本申报表"}
            生成当年的自评表：指标、指标值、年初预算数和建议分值已填好，每张放到一个新工作表，申报表不变。
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={convert} disabledFocusable={converting}>
              {converting ? "正在生成…" : "由申报表生成自评表"}
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
      {converted ? (
        <MessageBar ref={convertedRef} tabIndex={-1} intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>已生成自评表</MessageBarTitle>
            新建工作表：{converted.sheets.map((s) => s.sheetName).join("、")}
            。分值为按模板标准分值平均分配的建议值，可修改；全年预算数、全年执行数、实际完成值、得分和偏差原因待填写。
            {converted.unplaced.length > 0 ? `原表有 ${converted.unplaced.length} 个单元格未能读入，请核对。` : ""}
            {converted.sheets.map((s) =>
              s.notes.length > 0 ? (
                <ul key={s.sheetName} className={styles.notes} aria-label={`工作表“${s.sheetName}”的说明`}>
                  {s.notes.map((note) => (
                    <li key={note}>
                      <Caption1>{converted.sheets.length > 1 ? `${s.sheetName}：${note}` : note}</Caption1>
                    </li>
                  ))}
                </ul>
              ) : null,
            )}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <UnavailableNotice messages={converted?.unavailable} />
      {result ? <SheetResults check={result} showFindings onSelectCell={selectCell} /> : null}
    </div>
  );
}
