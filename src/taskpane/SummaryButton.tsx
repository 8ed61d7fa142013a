/**
 * 生成汇总表: on the user's click only, checks every form in the workbook and writes one row per form
 * on a new 汇总 sheet (the gateway's buildSummarySheet); says which sheet it made.
 */
import * as React from "react";
import {
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useGateway } from "./GatewayContext";
import { useReportError } from "./errors";
import type { MadeSheet } from "./gateway";
import { UnavailableNotice } from "./UnavailableNotice";
import { useAnnounce, useFocusOnChange } from "./a11y";

const useStyles = makeStyles({
  section: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
  },
  caption: {
    color: tokens.colorNeutralForeground3,
  },
});

export function SummaryButton(): React.JSX.Element {
  const styles = useStyles();
  const gateway = useGateway();
  const report = useReportError();
  const [busy, setBusy] = React.useState(false);
  const [made, setMade] = React.useState<(MadeSheet & { readonly forms: number }) | null>(null);

  const { polite } = useAnnounce();
  const madeRef = useFocusOnChange<HTMLDivElement>(made);
  const build = (): void => {
    setBusy(true);
    setMade(null);
    gateway
      .buildSummarySheet()
      .then((result) => {
        setMade(result);
        polite(`已生成汇总表：工作表“${result.sheetName}”，${result.forms} 张表`);
      }, report)
      .finally(() => setBusy(false));
  };

  return (
    <section className={styles.section} aria-label="汇总表">
      <Subtitle2 as="h2">汇总表</Subtitle2>
      <Caption1 className={styles.caption}>
        检查本工作簿中的所有表，在新工作表中每表一行列出实施单位、项目、总分、等级和首要问题。
      </Caption1>
      <div>
        <Button onClick={build} disabledFocusable={busy}>
          {busy ? "正在生成…" : "生成汇总表"}
        </Button>
      </div>
      {made ? (
        <MessageBar ref={madeRef} tabIndex={-1} intent={made.forms === 0 ? "warning" : "success"}>
          <MessageBarBody>
            <MessageBarTitle>已生成汇总表</MessageBarTitle>
            {made.forms === 0
              ? `工作簿中没有找到自评表或申报表；已新建空的工作表“${made.sheetName}”。`
              : `工作表“${made.sheetName}”：${made.forms} 张表。`}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <UnavailableNotice messages={made?.unavailable} />
    </section>
  );
}
