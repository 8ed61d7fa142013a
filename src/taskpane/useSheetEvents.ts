/**
 * Subscribes to the workbook's sheet events for as long as a view is mounted. The gateway's
 * subscriptions are asynchronous, so a view that unmounts before one resolves unsubscribes as soon
 * as it does; a subscription that fails is reported, not swallowed.
 */
import * as React from "react";
import { useGateway } from "./GatewayContext";
import type { Unsubscribe } from "./gateway";
import { useReportError } from "./errors";

export type SheetEvent =
  { readonly kind: "changed"; readonly sheetName: string } | { readonly kind: "activated"; readonly sheetName: string };

export function useSheetEvents(listener: (event: SheetEvent) => void): void {
  const gateway = useGateway();
  const report = useReportError();
  // The latest listener is called, without resubscribing when it changes.
  const latest = React.useRef(listener);
  React.useEffect(() => {
    latest.current = listener;
  });
  React.useEffect(() => {
    let disposed = false;
    const unsubscribes: Unsubscribe[] = [];
    const keep = (subscription: Promise<Unsubscribe>): void => {
      subscription.then(
        (unsubscribe) => {
          if (disposed) unsubscribe();
          else unsubscribes.push(unsubscribe);
        },
        (error: unknown) => {
          if (!disposed) report(error);
        },
      );
    };
    keep(gateway.onSheetChanged((sheetName) => latest.current({ kind: "changed", sheetName })));
    keep(gateway.onActiveSheetChanged((sheetName) => latest.current({ kind: "activated", sheetName })));
    return () => {
      disposed = true;
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }, [gateway, report]);
}
