/** The pane's side of the workbook gateway: the contract itself is src/layout/workbook-gateway.ts. */
export * from "../layout/workbook-gateway";
