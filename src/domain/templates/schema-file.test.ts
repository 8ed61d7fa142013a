/**
 * docs/template.schema.json is the published schema of template files: it must be what the product
 * validates with. Regenerate it with `node -r ts-node/register/transpile-only scripts/write-template-schema.ts`.
 */
import * as fs from "fs";
import { SCHEMA_FILE, templateSchemaText } from "../../../scripts/write-template-schema";
import { BUILTIN_TEMPLATES } from "./builtin";

describe("docs/template.schema.json", () => {
  it("is up to date with templateJsonSchema() (else run scripts/write-template-schema.ts)", () => {
    // Compared as data: prettier may lay the committed file out differently.
    expect(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8"))).toEqual(JSON.parse(templateSchemaText()));
  });

  it("lists every field a built-in template has, and requires the ones without a default", () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as {
      properties: Record<string, unknown>;
      required: string[];
    };
    for (const t of BUILTIN_TEMPLATES) {
      for (const key of Object.keys(t)) expect(Object.keys(schema.properties)).toContain(key);
    }
    expect(schema.required).toEqual(
      expect.arrayContaining(["schemaVersion", "id", "name", "kind", "moneyUnit", "categories", "standardWeights"]),
    );
    expect(schema.required).not.toContain("gradeBands");
  });
});
