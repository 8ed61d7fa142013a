/**
 * 新建: lays out a new form from a template. The user picks a built-in template or loads a bureau's own
 * template file (validated, each problem shown as `path：message`), types the header, and 生成 asks the
 * gateway to lay the form out on a new sheet.
 */
import * as React from "react";
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { FolderOpen20Regular } from "@fluentui/react-icons";
import { BUILTIN_TEMPLATES, validateTemplate, type Template, type TemplateIssue } from "../domain";
import { useGateway } from "./GatewayContext";
import type { MadeSheet, NewFormHeader } from "./gateway";
import { UnavailableNotice } from "./UnavailableNotice";
import { useAnnounce, useFocusOnChange } from "./a11y";
import { useReportError } from "./errors";
import { KIND_LABEL } from "./check";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
  },
  issues: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
  },
  // A Field is a grid whose one column grows to its widest control (a <select> is as wide as its
  // longest option): the column is held to the pane's width instead, so nothing scrolls sideways.
  field: {
    gridTemplateColumns: "minmax(0, 1fr)",
    minWidth: 0,
  },
  control: {
    width: "100%",
    minWidth: 0,
  },
  select: {
    width: "100%",
    minWidth: 0,
    overflow: "hidden",
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
  },
  hint: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    overflowWrap: "anywhere",
  },
  templateName: {
    color: tokens.colorNeutralForeground2,
  },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalS,
  },
  fileRow: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
    minWidth: 0,
  },
  fileName: {
    minWidth: 0,
    overflowWrap: "anywhere",
    color: tokens.colorNeutralForeground2,
  },
  fileInput: {
    display: "none",
  },
});

/** The kinds of form the 新建 view lays out. */
const CREATABLE: readonly Template["kind"][] = ["self-evaluation", "target-declaration", "expert-scoring"];

interface TemplateOption {
  readonly key: string;
  readonly template: Template;
  readonly fromFile: boolean;
}

const BUILTIN_OPTIONS: readonly TemplateOption[] = BUILTIN_TEMPLATES.filter((t) => CREATABLE.includes(t.kind)).map(
  (template) => ({ key: `builtin:${template.id}`, template, fromFile: false }),
);

type TextField = "projectName" | "department" | "implementer" | "manager" | "phone";

const LABEL: Record<TextField, string> = {
  projectName: "项目名称",
  department: "主管部门",
  implementer: "实施单位",
  manager: "项目负责人",
  phone: "联系电话",
};

type Values = Record<TextField | "year" | "experts", string>;

const YEAR_MIN = 2000;
const YEAR_MAX = 2100;
const EXPERTS_MAX = 20;

/** The text fields a template's header has, in the order of the form. */
export function headerFieldsOf(template: Template): TextField[] {
  const fields: TextField[] = ["projectName", "department", "implementer"];
  if (template.headerFields.includes("manager")) fields.push("manager");
  if (template.headerFields.includes("phone")) fields.push("phone");
  return fields;
}

/**
 * What is wrong with each field, by field; empty when the header can be used. `withExperts`: the form
 * is a 专家评分表, whose 专家人数 is asked for too.
 */
export function validateHeader(
  values: Values,
  fields: readonly TextField[],
  withExperts = false,
): Partial<Record<keyof Values, string>> {
  const errors: Partial<Record<keyof Values, string>> = {};
  if (withExperts) {
    const n = values.experts.trim();
    if (!/^\d{1,2}$/.test(n) || Number(n) < 1 || Number(n) > EXPERTS_MAX)
      errors.experts = `专家人数应为 1～${EXPERTS_MAX} 之间的整数`;
  }
  const year = values.year.trim();
  if (year === "") errors.year = "请填写年度";
  else if (!/^\d{4}$/.test(year) || Number(year) < YEAR_MIN || Number(year) > YEAR_MAX)
    errors.year = `年度应为 ${YEAR_MIN}～${YEAR_MAX} 之间的四位数字`;
  for (const f of fields) if (values[f].trim() === "") errors[f] = `请填写${LABEL[f]}`;
  return errors;
}

function toHeader(values: Values, fields: readonly TextField[], withExperts: boolean): NewFormHeader {
  return {
    year: Number(values.year.trim()),
    ...(withExperts ? { experts: Number(values.experts.trim()) } : {}),
    projectName: values.projectName.trim(),
    department: values.department.trim(),
    implementer: values.implementer.trim(),
    ...(fields.includes("manager") ? { manager: values.manager.trim() } : {}),
    ...(fields.includes("phone") ? { phone: values.phone.trim() } : {}),
  };
}

/** Reads a chosen file as text (FileReader: Blob.text() is missing from older webviews). */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === "string" ? reader.result : "");
    reader.onerror = () => reject(reader.error ?? new Error("无法读取文件"));
    reader.readAsText(file, "utf-8");
  });
}

/** Parses and validates a template file's text; the problems are what the user sees. */
export function templateFromText(
  text: string,
): { ok: true; template: Template } | { ok: false; issues: TemplateIssue[] } {
  let data: unknown;
  try {
    // A file saved by Notepad may start with a byte-order mark.
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return { ok: false, issues: [{ path: "", message: "文件不是有效的 JSON" }] };
  }
  const result = validateTemplate(data);
  if (!result.ok) return { ok: false, issues: [...result.issues] };
  if (!CREATABLE.includes(result.template.kind))
    return { ok: false, issues: [{ path: "kind", message: `暂不支持新建${KIND_LABEL[result.template.kind]}` }] };
  return { ok: true, template: result.template };
}

/** An option's text: the template's name, marked when it came from a file. */
function optionText(option: TemplateOption): string {
  return option.fromFile ? `${option.template.name}（文件）` : option.template.name;
}

type FileState =
  | { readonly status: "none" }
  | { readonly status: "loaded"; readonly fileName: string; readonly name: string }
  | { readonly status: "invalid"; readonly fileName: string; readonly issues: readonly TemplateIssue[] };

export function NewFormView(): React.JSX.Element {
  const styles = useStyles();
  const gateway = useGateway();
  const report = useReportError();
  const [options, setOptions] = React.useState<readonly TemplateOption[]>(BUILTIN_OPTIONS);
  const [selected, setSelected] = React.useState(BUILTIN_OPTIONS[0]?.key ?? "");
  const [file, setFile] = React.useState<FileState>({ status: "none" });
  const [values, setValues] = React.useState<Values>(() => ({
    year: String(new Date().getFullYear()),
    projectName: "",
    department: "",
    implementer: "",
    manager: "",
    phone: "",
    experts: String(BUILTIN_OPTIONS[0]?.template.expertCount ?? 5),
  }));
  const [submitted, setSubmitted] = React.useState(false);
  const [running, setRunning] = React.useState(false);
  const [created, setCreated] = React.useState<MadeSheet | null>(null);
  const fileInput = React.useRef<HTMLInputElement>(null);
  const { polite } = useAnnounce();
  // Focus goes to what the user must look at next: the result, the first wrong field, or back to 生成.
  const createdRef = useFocusOnChange<HTMLDivElement>(created);
  const generateRef = React.useRef<HTMLButtonElement>(null);
  const inputs = React.useRef<Partial<Record<keyof Values, HTMLInputElement | null>>>({});
  const inputRef = (key: keyof Values) => (el: HTMLInputElement | null) => {
    inputs.current[key] = el;
  };
  const fileLabelId = React.useId();
  const fileButtonId = React.useId();
  const fileNameId = React.useId();

  const option = options.find((o) => o.key === selected) ?? options[0];
  const template = option?.template;
  const fields = template ? headerFieldsOf(template) : [];
  const isPanel = template?.kind === "expert-scoring";
  const errors = submitted ? validateHeader(values, fields, isPanel) : {};

  const onFile = async (event: React.ChangeEvent<HTMLInputElement>): Promise<void> => {
    const chosen = event.target.files?.[0];
    event.target.value = "";
    if (!chosen) return;
    let text: string;
    try {
      text = await readText(chosen);
    } catch (error) {
      report(error);
      return;
    }
    const result = templateFromText(text);
    if (!result.ok) {
      setFile({ status: "invalid", fileName: chosen.name, issues: result.issues });
      return;
    }
    const key = `file:${result.template.id}`;
    setOptions((current) => [
      ...current.filter((o) => o.key !== key),
      { key, template: result.template, fromFile: true },
    ]);
    setSelected(key);
    setFile({ status: "loaded", fileName: chosen.name, name: result.template.name });
  };

  const onGenerate = async (): Promise<void> => {
    // The button stays focusable while busy, and Enter in a field submits the form: one 生成 at a time.
    if (running) return;
    setSubmitted(true);
    setCreated(null);
    if (!template) return;
    const invalid = validateHeader(values, fields, isPanel);
    if (Object.keys(invalid).length > 0) {
      // In the order of the form: 年度, the header fields, 专家人数.
      const first = (["year", ...fields, "experts"] as const).find((k) => invalid[k] !== undefined);
      if (first) inputs.current[first]?.focus();
      return;
    }
    setRunning(true);
    try {
      const made = await gateway.createForm(template, toHeader(values, fields, isPanel));
      setCreated(made);
      polite(`已生成：新表在工作表“${made.sheetName}”中`);
    } catch (error) {
      report(error);
      generateRef.current?.focus();
    } finally {
      setRunning(false);
    }
  };

  const set = (key: keyof Values) => (_: unknown, data: { value: string }) =>
    setValues((v) => ({ ...v, [key]: data.value }));

  return (
    <form
      className={styles.root}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onGenerate();
      }}
    >
      <Subtitle2 as="h2">新建表格</Subtitle2>
      <Field
        className={styles.field}
        label="模板"
        hint={
          template ? (
            <span className={styles.hint}>
              <span className={styles.templateName}>{optionText(option)}</span>
              {template.description ? <span>{template.description}</span> : null}
            </span>
          ) : undefined
        }
      >
        <Select
          className={styles.control}
          select={{ className: styles.select, title: option ? optionText(option) : undefined }}
          value={option?.key ?? ""}
          onChange={(_, data) => setSelected(data.value)}
          disabled={running}
        >
          {CREATABLE.map((kind) => (
            <optgroup key={kind} label={KIND_LABEL[kind]}>
              {options
                .filter((o) => o.template.kind === kind)
                .map((o) => (
                  <option key={o.key} value={o.key}>
                    {optionText(o)}
                  </option>
                ))}
            </optgroup>
          ))}
        </Select>
      </Field>
      <Field
        className={styles.field}
        label={{ children: "从文件加载模板（JSON）", id: fileLabelId }}
        validationState={file.status === "invalid" ? "error" : file.status === "loaded" ? "success" : "none"}
        validationMessage={
          file.status === "invalid" ? (
            <>
              模板文件“{file.fileName}”有 {file.issues.length} 处问题：
              <ul className={styles.issues}>
                {file.issues.map((issue, i) => (
                  <li key={i}>
                    {issue.path === "" ? "（整个文件）" : issue.path}：{issue.message}
                  </li>
                ))}
              </ul>
            </>
          ) : file.status === "loaded" ? (
            `已加载模板“${file.name}”`
          ) : undefined
        }
      >
        {(fieldProps) => (
          <div className={styles.fileRow}>
            {/* The browser's own file input speaks the browser's language: a Fluent button opens it. */}
            <Button
              {...fieldProps}
              id={fileButtonId}
              aria-labelledby={`${fileLabelId} ${fileButtonId}`}
              aria-describedby={[fileNameId, fieldProps["aria-describedby"]].filter(Boolean).join(" ")}
              icon={<FolderOpen20Regular />}
              disabled={running}
              onClick={() => fileInput.current?.click()}
            >
              选择模板文件…
            </Button>
            <Text id={fileNameId} size={200} className={styles.fileName}>
              {file.status === "none" ? "未选择文件" : file.fileName}
            </Text>
            <input
              ref={fileInput}
              className={styles.fileInput}
              type="file"
              accept=".json,application/json"
              tabIndex={-1}
              aria-hidden="true"
              disabled={running}
              onChange={(e) => void onFile(e)}
            />
          </div>
        )}
      </Field>
      <Field
        className={styles.field}
        label="年度"
        required
        validationState={errors.year ? "error" : "none"}
        validationMessage={errors.year}
      >
        <Input
          ref={inputRef("year")}
          className={styles.control}
          value={values.year}
          onChange={set("year")}
          inputMode="numeric"
          disabled={running}
        />
      </Field>
      {fields.map((f) => (
        <Field
          key={f}
          className={styles.field}
          label={LABEL[f]}
          required
          validationState={errors[f] ? "error" : "none"}
          validationMessage={errors[f]}
        >
          <Input ref={inputRef(f)} className={styles.control} value={values[f]} onChange={set(f)} disabled={running} />
        </Field>
      ))}
      {isPanel ? (
        <Field
          className={styles.field}
          label="专家人数"
          required
          hint={`每位专家一列；模板默认 ${template.expertCount} 人`}
          validationState={errors.experts ? "error" : "none"}
          validationMessage={errors.experts}
        >
          <Input
            ref={inputRef("experts")}
            className={styles.control}
            value={values.experts}
            onChange={set("experts")}
            inputMode="numeric"
            disabled={running}
          />
        </Field>
      ) : null}
      {template?.kind === "target-declaration" ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>项目性质、项目类别和计划起止日期请在生成后直接在表中填写。</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.actions}>
        {/* Focusable while busy: a disabled button would drop focus to the page. */}
        <Button ref={generateRef} appearance="primary" type="submit" disabledFocusable={running || !template}>
          生成
        </Button>
        {running ? <Spinner size="tiny" label="正在生成…" /> : null}
      </div>
      {created !== null ? (
        <MessageBar ref={createdRef} tabIndex={-1} intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>已生成</MessageBarTitle>
            新表已生成在工作表“{created.sheetName}”中，可切换到“检查”查看填写情况。
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <UnavailableNotice messages={created?.unavailable} />
    </form>
  );
}
