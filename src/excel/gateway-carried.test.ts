/**
 * The add-in and the templates a workbook carries: 新建 writes the form's template onto the very
 * hidden zpb_templates sheet (added once, then updated) without an extra round trip, and reading the
 * active sheet gives the carried templates, which the pane checks the form with.
 */
import { builtinTemplate, validateTemplate, type Template } from "../domain";
import { checkSheet } from "../taskpane/check";
import { mockWorkbook, type MockWorkbook, type MockWorkbookSpec } from "../../test/office-mock";
import { createOfficeGateway } from "./gateway";

const SH = builtinTemplate("sh-district-2023") as Template;
const parsed = validateTemplate({
  ...SH,
  id: "xh-2025",
  name: "某区自评表",
  gradeBands: [
    { grade: "优", min: 85 },
    { grade: "良", min: 75 },
    { grade: "差", min: 0 },
  ],
});
if (!parsed.ok) throw new Error("test template is invalid");
const XH = parsed.template;
const header = { year: 2025, projectName: "职工职业培训", department: "区总工会", implementer: "区职工服务中心" };

function gatewayOn(book: MockWorkbook) {
  const run = ((a: unknown, b?: unknown) =>
    ((typeof a === "function" ? a : b) as (context: Excel.RequestContext) => Promise<unknown>)(
      book.context,
    )) as unknown as typeof Excel.run;
  return createOfficeGateway({ run, supports: () => true, retryDelayMs: 1 });
}

/** The workbook as Excel would hold it after the writes, the carried sheet very hidden. */
function reopened(book: MockWorkbook, active: string): MockWorkbookSpec {
  const snap = book.snapshot();
  return {
    ...snap,
    active,
    sheets: snap.sheets.map((s) =>
      s.name === "zpb_templates" ? { ...s, visibility: "VeryHidden" as const } : { ...s, visibility: undefined },
    ),
  };
}

describe("carried templates in the add-in", () => {
  it("新建 writes the template onto a very hidden sheet, still in three round trips", async () => {
    const book = mockWorkbook({ sheets: [{ name: "Sheet1" }] });
    await expect(gatewayOn(book).createForm(XH, header)).resolves.toEqual({ sheetName: "自评表" });
    expect(book.host.syncs).toBe(3);
    expect(book.sheet("zpb_templates")?.mock.visibility).toBe("VeryHidden");
    expect(book.host.called("zpb_templates.activate")).toHaveLength(0);
    const cells = book.snapshot().sheets.find((s) => s.name === "zpb_templates")?.cells ?? {};
    expect(cells.A2).toMatchObject({ value: "xh-2025" });

    // Opened again: the pane reads the carried template and checks the form with it.
    const again = mockWorkbook(reopened(book, "自评表"));
    const sheet = await gatewayOn(again).readActiveSheet();
    expect(sheet.templates?.map((t) => t.id)).toEqual(["xh-2025"]);
    expect(sheet.templates?.[0]).toEqual(XH);
    const [form] = checkSheet(sheet).forms;
    expect(form.choice).toEqual({ template: XH, unknownTemplateId: null });
  });

  it("a second form adds its template to the existing sheet, no second sheet", async () => {
    const first = mockWorkbook({ sheets: [{ name: "Sheet1" }] });
    await gatewayOn(first).createForm(XH, header);
    const book = mockWorkbook(reopened(first, "自评表"));
    await gatewayOn(book).createForm(SH, header);
    expect(book.snapshot().sheets.map((s) => s.name)).toEqual(["Sheet1", "zpb_templates", "自评表", "自评表 (2)"]);
    const cells = book.snapshot().sheets.find((s) => s.name === "zpb_templates")?.cells ?? {};
    expect([cells.A2, cells.A3]).toMatchObject([{ value: "xh-2025" }, { value: "sh-district-2023" }]);
  });

  it("without a carried template the pane says the form's template is unknown", async () => {
    const first = mockWorkbook({ sheets: [{ name: "Sheet1" }] });
    await gatewayOn(first).createForm(XH, header);
    const spec = reopened(first, "自评表");
    const book = mockWorkbook({ ...spec, sheets: spec.sheets.filter((s) => s.name !== "zpb_templates") });
    const sheet = await gatewayOn(book).readActiveSheet();
    expect(sheet.templates).toBeUndefined();
    expect(checkSheet(sheet).forms[0].choice.unknownTemplateId).toBe("xh-2025");
  });
});
