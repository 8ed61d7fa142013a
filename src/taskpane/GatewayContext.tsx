/**
 * The workbook gateway, handed down by React context (style.md §8): index.tsx provides the Office.js
 * implementation, tests provide a fake, and no component imports Office.
 */
import * as React from "react";
import type { WorkbookGateway } from "./gateway";

const GatewayContext = React.createContext<WorkbookGateway | null>(null);

/** Thrown when a component asks for the gateway outside a GatewayProvider: a programmer error. */
export class MissingGatewayError extends Error {
  constructor() {
    super("useGateway() called outside <GatewayProvider>");
    this.name = "MissingGatewayError";
  }
}

export function GatewayProvider(props: { gateway: WorkbookGateway; children?: React.ReactNode }): React.JSX.Element {
  return <GatewayContext.Provider value={props.gateway}>{props.children}</GatewayContext.Provider>;
}

/** The gateway of the nearest GatewayProvider. */
export function useGateway(): WorkbookGateway {
  const gateway = React.useContext(GatewayContext);
  if (!gateway) throw new MissingGatewayError();
  return gateway;
}
