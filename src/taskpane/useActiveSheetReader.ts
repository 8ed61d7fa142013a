/**
 * Reads the active sheet for a view: once on mount, at once on demand, or debounced after a change.
 * Every read takes a new generation, and so does every scheduled one; a read whose generation is no
 * longer the latest when it answers is dropped, so a slow read never overwrites a newer result.
 */
import * as React from "react";
import { useGateway } from "./GatewayContext";
import type { ActiveSheet } from "./gateway";
import { useReportError } from "./errors";

export interface ActiveSheetReader {
  /** A read is under way. */
  readonly reading: boolean;
  /** Reads now; resolves when the read has answered (or was superseded or failed). */
  readonly readNow: () => Promise<void>;
  /** Reads after `debounceMs` without another call; a read under way becomes stale. */
  readonly schedule: () => void;
}

export function useActiveSheetReader(onSheet: (sheet: ActiveSheet) => void, debounceMs: number): ActiveSheetReader {
  const gateway = useGateway();
  const report = useReportError();
  const [reading, setReading] = React.useState(false);
  const latest = React.useRef(onSheet);
  React.useEffect(() => {
    latest.current = onSheet;
  });
  const generation = React.useRef(0);
  const timer = React.useRef<ReturnType<typeof setTimeout> | null>(null);

  const cancelTimer = React.useCallback((): void => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  }, []);

  const readNow = React.useCallback(async (): Promise<void> => {
    cancelTimer();
    const mine = ++generation.current;
    setReading(true);
    try {
      const sheet = await gateway.readActiveSheet();
      if (mine === generation.current) latest.current(sheet);
    } catch (error) {
      if (mine === generation.current) report(error);
    } finally {
      if (mine === generation.current) setReading(false);
    }
  }, [gateway, report, cancelTimer]);

  const schedule = React.useCallback((): void => {
    generation.current++;
    cancelTimer();
    timer.current = setTimeout(() => {
      timer.current = null;
      void readNow();
    }, debounceMs);
  }, [readNow, cancelTimer, debounceMs]);

  React.useEffect(() => {
    void readNow();
    return () => {
      generation.current++;
      cancelTimer();
    };
  }, [readNow, cancelTimer]);

  return { reading, readNow, schedule };
}
