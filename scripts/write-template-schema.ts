/**
 * Writes docs/template.schema.json, the published JSON Schema of template files, from the schema
 * the product validates with (templateJsonSchema). The output is committed; a test fails when it is
 * stale (src/domain/templates/schema-file.test.ts).
 * Run: node -r ts-node/register/transpile-only scripts/write-template-schema.ts
 */
import * as fs from "fs";
import * as path from "path";
import { templateJsonSchema } from "../src/domain/templates/schema";

/** The file's text: the schema with a title and id, pretty-printed. */
export function templateSchemaText(): string {
  const schema = { ...templateJsonSchema(), title: "绩效自评助手 模板文件（见 docs/模板格式.md）" };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export const SCHEMA_FILE = path.join(__dirname, "..", "docs", "template.schema.json");

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, templateSchemaText(), "utf8");
  process.stdout.write(`已写入 ${SCHEMA_FILE}\n`);
}
