/**
 * The domain engine: pure TypeScript, no Office, UI, xlsx library or Node I/O. Everything the outer
 * layers (Excel adapters, xlsx reader/writer, task pane, CLI) need goes through here.
 */
export * from "./address";
export * from "./decimal";
export * from "./text";
export * from "./numbers";
export * from "./values";
export * from "./model";
export * from "./findings";
export * from "./compute";
export * from "./checks";
export * from "./expert";
export * from "./evaluate";
export * from "./templates/schema";
export * from "./templates/builtin";
export { messageOf } from "./locale/zh-CN";
