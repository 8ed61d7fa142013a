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
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { BUILTIN_TEMPLATES, validateTemplate, type Template, type TemplateIssue } from "../domain";
import { useGateway } from "./GatewayContext";
import type { NewFormHeader } from "./gateway";
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
  actions: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalM,
  },
  file: {
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
  },
});

/** The kinds of form the 新建 view lays out. */
const CREATABLE: readonly Template["kind"][] = ["self-evaluation", "target-declaration"];

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

type Values = Record<TextField | "year", string>;

const YEAR_MIN = 2000;
const YEAR_MAX = 2100;

/** The text fields a template's header has, in the order of the form. */
export function headerFieldsOf(template: Template): TextField[] {
  const fields: TextField[] = ["projectName", "department", "implementer"];
  if (template.headerFields.includes("manager")) fields.push("manager");
  if (template.headerFields.includes("phone")) fields.push("phone");
  return fields;
}

/** What is wrong with each field, by field; empty when the header can be used. */
export function validateHeader(values: Values, fields: readonly TextField[]): Partial<Record<keyof Values, string>> {
  const errors: Partial<Record<keyof Values, string>> = {};
  const year = values.year.trim();
  if (year === "") errors.year = "请填写年度";
  else if (!/^\d{4}$/.test(year) || Number(year) < YEAR_MIN || Number(year) > YEAR_MAX)
    errors.year = `年度应为 ${YEAR_MIN}～${YEAR_MAX} 之间的四位数字`;
  for (const f of fields) if (values[f].trim() === "") errors[f] = `请填写${LABEL[f]}`;
  return errors;
}

function toHeader(values: Values, fields: readonly TextField[]): NewFormHeader {
  return {
    year: Number(values.year.trim()),
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

type FileState =
  | { readonly status: "none" }
  | { readonly status: "loaded"; readonly name: string }
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
  }));
  const [submitted, setSubmitted] = React.useState(false);
  const [running, setRunning] = React.useState(false);
  const [created, setCreated] = React.useState<string | null>(null);

  const option = options.find((o) => o.key === selected) ?? options[0];
  const template = option?.template;
  const fields = template ? headerFieldsOf(template) : [];
  const errors = submitted ? validateHeader(values, fields) : {};

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
    setFile({ status: "loaded", name: result.template.name });
  };

  const onGenerate = async (): Promise<void> => {
    setSubmitted(true);
    setCreated(null);
    if (!template || Object.keys(validateHeader(values, fields)).length > 0) return;
    setRunning(true);
    try {
      const { sheetName } = await gateway.createForm(template, toHeader(values, fields));
      setCreated(sheetName);
    } catch (error) {
      report(error);
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
      <Field label="模板" hint={template?.description || undefined}>
        <Select value={option?.key ?? ""} onChange={(_, data) => setSelected(data.value)} disabled={running}>
          {CREATABLE.map((kind) => (
            <optgroup key={kind} label={KIND_LABEL[kind]}>
              {options
                .filter((o) => o.template.kind === kind)
                .map((o) => (
                  <option key={o.key} value={o.key}>
                    {o.fromFile ? `${o.template.name}（文件）` : o.template.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </Select>
      </Field>
      <Field
        label="从文件加载模板（JSON）"
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
          <input
            {...fieldProps}
            className={styles.file}
            type="file"
            accept=".json,application/json"
            disabled={running}
            onChange={(e) => void onFile(e)}
          />
        )}
      </Field>
      <Field label="年度" required validationState={errors.year ? "error" : "none"} validationMessage={errors.year}>
        <Input value={values.year} onChange={set("year")} inputMode="numeric" disabled={running} />
      </Field>
      {fields.map((f) => (
        <Field
          key={f}
          label={LABEL[f]}
          required
          validationState={errors[f] ? "error" : "none"}
          validationMessage={errors[f]}
        >
          <Input value={values[f]} onChange={set(f)} disabled={running} />
        </Field>
      ))}
      {template?.kind === "target-declaration" ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>项目性质、项目类别和计划起止日期请在生成后直接在表中填写。</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={running || !template}>
          生成
        </Button>
        {running ? <Spinner size="tiny" label="正在生成…" /> : null}
      </div>
      {created !== null ? (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>已生成</MessageBarTitle>
            新表已生成在工作表“{created}”中，可切换到“检查”查看填写情况。
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </form>
  );
}
