/**
 * 检查: checks the active sheet live. Every change to the sheet, or a switch to another sheet, starts a
 * debounced check: one `readActiveSheet()` and the pure engine. A read that a later change has made
 * stale is dropped, so only the latest result is shown. The view never writes to the workbook; it only
 * reads, subscribes, and selects the cell of a finding the user clicks.
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
import type { NormalizeResult } from "./gateway";
import type { SheetCell } from "../domain";
import { checkSheet, type SheetCheck } from "./check";
import { SheetResults } from "./CheckResults";
import { useGateway } from "./GatewayContext";
import { useReportError } from "./errors";
import { useActiveSheetReader } from "./useActiveSheetReader";
import { useSheetEvents } from "./useSheetEvents";

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
});

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

  const reader = useActiveSheetReader((sheet) => {
    activeSheet.current = sheet.sheetName;
    try {
      setResult(checkSheet(sheet));
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
  const normalize = (): void => {
    if (!result) return;
    setNormalizing(true);
    setNormalized(null);
    gateway
      .normalizeSheet(result.sheet.sheetName)
      .then(setNormalized, report)
      .finally(() => setNormalizing(false));
  };

  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <Subtitle2 as="h2" className={styles.grow}>
          {result ? `工作表“${result.sheet.sheetName}”` : "检查结果"}
        </Subtitle2>
        {reader.reading ? <Spinner size="tiny" label="正在检查…" /> : null}
        <Button size="small" onClick={() => void reader.readNow()} disabled={reader.reading}>
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
            <Button size="small" onClick={normalize} disabled={normalizing}>
              {normalizing ? "正在规范化…" : "规范化当前工作表"}
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
      {normalized ? (
        <MessageBar intent="success">
          <MessageBarBody>
            <MessageBarTitle>已规范化</MessageBarTitle>
            新建工作表：{normalized.sheets.join("、")}
            {normalized.unplaced.length > 0 ? `；${normalized.unplaced.length} 个单元格未能读入，请核对原表` : ""}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {result ? <SheetResults check={result} showFindings onSelectCell={selectCell} /> : null}
    </div>
  );
}
