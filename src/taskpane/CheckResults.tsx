/**
 * The results of a check, shared by the 检查 and 填充 views: per form a summary card (执行率, 资金得分,
 * 总分/满分, 等级, counts by severity) and the findings grouped by indicator, each taking the user to its
 * cell; a sheet without a form gets a message saying what to do instead.
 */
import * as React from "react";
import {
  Badge,
  Body1Strong,
  Caption1,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { ErrorCircle16Filled, Info16Filled, Warning16Filled } from "@fluentui/react-icons";
import { formatSheetCell, messageOf, type Finding, type Severity, type SheetCell } from "../domain";
import {
  KIND_LABEL,
  SEVERITY_LABEL,
  cellLabel,
  formTitle,
  formatPercent,
  formatScore,
  groupFindings,
  type FormCheck,
  type SheetCheck,
} from "./check";
import { focusLost, useAnnounce } from "./a11y";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
  },
  figures: {
    display: "grid",
    gridTemplateColumns: "auto 1fr",
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: {
    color: tokens.colorNeutralForeground2,
  },
  value: {
    margin: 0,
    fontVariantNumeric: "tabular-nums",
  },
  counts: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  caption: {
    color: tokens.colorNeutralForeground3,
  },
  group: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
  },
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
  },
  item: {
    display: "flex",
    alignItems: "flex-start",
    columnGap: tokens.spacingHorizontalS,
    width: "100%",
    boxSizing: "border-box",
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    textAlign: "start",
  },
  clickable: {
    cursor: "pointer",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: tokens.strokeWidthThin,
    },
  },
  icon: {
    flexShrink: 0,
    marginTop: tokens.spacingVerticalXXS,
  },
  error: { color: tokens.colorStatusDangerForeground1 },
  warning: { color: tokens.colorStatusWarningForeground1 },
  info: { color: tokens.colorBrandForeground1 },
  message: {
    flexGrow: 1,
  },
  cell: {
    flexShrink: 0,
    fontFamily: tokens.fontFamilyMonospace,
    color: tokens.colorNeutralForeground3,
  },
  nowrap: {
    whiteSpace: "nowrap",
  },
  hidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
  },
  // In forced colours the icons all take one system colour: the severity is written out instead.
  severityLabel: {
    "@media (forced-colors: active)": {
      position: "static",
      width: "auto",
      height: "auto",
      overflow: "visible",
      clip: "auto",
      flexShrink: 0,
    },
  },
});

const SEVERITY_ICON: Record<Severity, typeof ErrorCircle16Filled> = {
  error: ErrorCircle16Filled,
  warning: Warning16Filled,
  info: Info16Filled,
};

const BADGE_COLOR = { error: "danger", warning: "warning", info: "informative" } as const;

export interface SheetResultsProps {
  readonly check: SheetCheck;
  /** Show the findings under each summary, or only the summaries. */
  readonly showFindings: boolean;
  readonly onSelectCell?: (cell: SheetCell) => void;
}

/**
 * A finding's identity across re-checks: its code and cell (and which of the same code and cell it is),
 * so that a re-check keeps focus on the same finding, wherever it moved in the list.
 * @example findingKeys([f]) // ["TOTAL_MISMATCH|Sheet1!G20|0"]
 */
export function findingKeys(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = `${f.code}|${f.cell ? formatSheetCell(f.cell) : "-"}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}|${n}`;
  });
}

/**
 * Keeps focus in the results when a re-check removes the finding that had it: focus goes to the finding
 * now in its place (or the last one, or the results themselves) and the fix is announced.
 */
function useFocusKeeper(check: SheetCheck): {
  readonly ref: React.RefObject<HTMLDivElement | null>;
  readonly onFocus: (e: React.FocusEvent) => void;
  readonly onBlur: (e: React.FocusEvent) => void;
} {
  const ref = React.useRef<HTMLDivElement | null>(null);
  const { polite } = useAnnounce();
  const focused = React.useRef<{ key: string; index: number; text: string } | null>(null);
  const items = (): HTMLElement[] => [...(ref.current?.querySelectorAll<HTMLElement>("[data-finding-key]") ?? [])];
  const onFocus = (e: React.FocusEvent): void => {
    const el = (e.target as HTMLElement).closest<HTMLElement>("[data-finding-key]");
    focused.current = el
      ? { key: el.dataset.findingKey ?? "", index: items().indexOf(el), text: el.dataset.findingText ?? "" }
      : null;
  };
  const onBlur = (e: React.FocusEvent): void => {
    // Focus that moves elsewhere is the user's; focus that goes nowhere may be a finding removed.
    if (e.relatedTarget) focused.current = null;
  };
  React.useLayoutEffect(() => {
    const was = focused.current;
    if (!was) return;
    const now = items();
    if (now.some((el) => el.dataset.findingKey === was.key)) return;
    if (!focusLost()) return;
    const next = now[Math.min(was.index, now.length - 1)] ?? ref.current;
    next?.focus();
    polite(`已修正：${was.text}`);
  }, [check]);
  return { ref, onFocus, onBlur };
}

/** Everything a check found on one sheet. */
export function SheetResults({ check, showFindings, onSelectCell }: SheetResultsProps): React.JSX.Element {
  const styles = useStyles();
  const { sheet, forms } = check;
  const keeper = useFocusKeeper(check);
  return (
    <div
      className={styles.root}
      ref={keeper.ref}
      tabIndex={-1}
      aria-label={`工作表“${sheet.sheetName}”的检查结果`}
      onFocus={keeper.onFocus}
      onBlur={keeper.onBlur}
    >
      {forms.length === 0 ? <NoFormMessage sheetName={sheet.sheetName} /> : null}
      {sheet.missing.length > 0 ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>表格结构不完整</MessageBarTitle>
            找不到以下单元格（可能已被删除）：{sheet.missing.join("、")}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {forms.map((fc, i) => (
        <FormResults key={i} check={fc} showFindings={showFindings} onSelectCell={onSelectCell} />
      ))}
    </div>
  );
}

/** The message for a sheet that holds no form this product made or can read. */
export function NoFormMessage({ sheetName }: { readonly sheetName: string }): React.JSX.Element {
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>此工作表中没有自评表或申报表</MessageBarTitle>
        工作表“{sheetName}
        ”中没有找到绩效自评表或目标申报表。可在“新建”中按模板生成一张标准表；已有的旧表以后可用“规范化”转换为标准版式。
      </MessageBarBody>
    </MessageBar>
  );
}

function FormResults({
  check,
  showFindings,
  onSelectCell,
}: {
  readonly check: FormCheck;
  readonly showFindings: boolean;
  readonly onSelectCell?: (cell: SheetCell) => void;
}): React.JSX.Element {
  const styles = useStyles();
  const findings = check.evaluation?.findings ?? [];
  return (
    <section className={styles.root} aria-label={`检查结果：${formTitle(check.form)}`}>
      <FormSummary check={check} />
      {check.choice.unknownTemplateId !== null && check.choice.template ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            本表注明的模板“{check.choice.unknownTemplateId}”不是内置模板，已按“{check.choice.template.name}”检查。
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {check.evaluation === null ? (
        <MessageBar intent="info">
          <MessageBarBody>暂不支持检查{KIND_LABEL[check.form.kind]}。</MessageBarBody>
        </MessageBar>
      ) : null}
      {showFindings && findings.length > 0 ? <FindingGroups findings={findings} onSelectCell={onSelectCell} /> : null}
    </section>
  );
}

/** 执行率, 资金得分, 总分/满分, 等级 (a 自评表) or 专家人数, 平均总分/满分, 等级 (a 专家评分表), and the counts by severity. */
export function FormSummary({ check }: { readonly check: FormCheck }): React.JSX.Element {
  const styles = useStyles();
  const { form, evaluation, counts, choice } = check;
  const computed = evaluation?.computed;
  return (
    <Card>
      <CardHeader
        header={<Body1Strong>{formTitle(form)}</Body1Strong>}
        description={
          <Caption1 className={styles.caption}>
            {KIND_LABEL[form.kind]}
            {choice.template ? (
              <>
                {" · "}
                <TemplateName name={choice.template.name} />
              </>
            ) : null}
          </Caption1>
        }
      />
      {form.kind === "self-evaluation" && computed ? (
        <dl className={styles.figures}>
          <dt className={styles.term}>执行率</dt>
          <dd className={styles.value}>{formatPercent(computed.executionRate)}</dd>
          <dt className={styles.term}>资金得分</dt>
          <dd className={styles.value}>{formatScore(computed.fundingScore)}</dd>
          <dt className={styles.term}>总分/满分</dt>
          <dd className={styles.value}>
            {formatScore(computed.totalScore)} / {formatScore(computed.fullScore)}
          </dd>
          <dt className={styles.term}>等级</dt>
          <dd className={styles.value}>{computed.grade ?? "—"}</dd>
        </dl>
      ) : null}
      {form.kind === "expert-scoring" && computed ? (
        <dl className={styles.figures}>
          <dt className={styles.term}>专家人数</dt>
          <dd className={styles.value}>{form.experts.length}</dd>
          <dt className={styles.term}>平均总分/满分</dt>
          <dd className={styles.value}>
            {formatScore(computed.totalScore)} / {formatScore(computed.fullScore)}
          </dd>
          <dt className={styles.term}>等级</dt>
          <dd className={styles.value}>{computed.grade ?? "—"}</dd>
        </dl>
      ) : null}
      {evaluation ? (
        <div className={styles.counts} role="group" aria-label="问题数量">
          {(["error", "warning", "info"] as const).map((s) => (
            <Badge key={s} appearance={counts[s] > 0 ? "filled" : "outline"} color={BADGE_COLOR[s]}>
              {SEVERITY_LABEL[s]} {counts[s]}
            </Badge>
          ))}
        </div>
      ) : null}
      {evaluation ? (
        <Text>{counts.error === 0 ? "没有错误，可以提交。" : `有 ${counts.error} 个错误需要修改后才能提交。`}</Text>
      ) : null}
    </Card>
  );
}

/** A name split before its closing parenthetical: 「…自评表（默认）」 → 「…自评表」, 「（默认）」. */
export function splitParenthetical(name: string): readonly [string, string] {
  const match = /^(.*?)(（[^（）]*）)$/u.exec(name);
  return match && match[1] !== "" ? [match[1], match[2]] : [name, ""];
}

/** A template's name that may wrap, but never inside its closing 「（…）」. */
function TemplateName({ name }: { readonly name: string }): React.JSX.Element {
  const styles = useStyles();
  const [head, tail] = splitParenthetical(name);
  return (
    <>
      {head}
      {tail ? <span className={styles.nowrap}>{tail}</span> : null}
    </>
  );
}

/** The findings, grouped; each one with a cell is a button that selects it. */
export function FindingGroups({
  findings,
  onSelectCell,
}: {
  readonly findings: readonly Finding[];
  readonly onSelectCell?: (cell: SheetCell) => void;
}): React.JSX.Element {
  const styles = useStyles();
  const keys = new Map(findingKeys(findings).map((k, i) => [findings[i], k] as const));
  return (
    <div className={styles.root}>
      {groupFindings(findings).map((group) => (
        <section key={group.title} className={styles.group} aria-label={group.title}>
          <Subtitle2 as="h3">{group.title}</Subtitle2>
          <ul className={styles.list} role="list" aria-label={`${group.title}的问题`}>
            {group.findings.map((f) => (
              <li key={keys.get(f)}>
                <FindingItem finding={f} findingKey={keys.get(f) ?? ""} onSelectCell={onSelectCell} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function FindingItem({
  finding,
  findingKey,
  onSelectCell,
}: {
  readonly finding: Finding;
  readonly findingKey: string;
  readonly onSelectCell?: (cell: SheetCell) => void;
}): React.JSX.Element {
  const styles = useStyles();
  const Icon = SEVERITY_ICON[finding.severity];
  const cell = finding.cell;
  const content = (
    <>
      <Icon className={mergeClasses(styles.icon, styles[finding.severity])} aria-hidden="true" />
      <span className={mergeClasses(styles.hidden, styles.severityLabel)}>{SEVERITY_LABEL[finding.severity]}：</span>
      <span className={styles.message}>{messageOf(finding)}</span>
      {cell ? (
        <span className={styles.cell} title={formatSheetCell(cell)}>
          {cellLabel(finding)}
        </span>
      ) : null}
    </>
  );
  const text = messageOf(finding);
  if (!cell || !onSelectCell)
    return (
      <div className={styles.item} data-finding-key={findingKey} data-finding-text={text}>
        {content}
      </div>
    );
  return (
    <button
      type="button"
      className={mergeClasses(styles.item, styles.clickable)}
      data-finding-key={findingKey}
      data-finding-text={text}
      onClick={() => onSelectCell(cell)}
    >
      {content}
    </button>
  );
}
