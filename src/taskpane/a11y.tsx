/**
 * What a screen reader and a keyboard user need from the pane (WCAG 2.1 AA, GB/T 37668):
 * - two live regions, always in the page: a polite one for results ("已生成…", the live check's counts)
 *   and an assertive one for failures; `useAnnounce()` speaks into them;
 * - `useFocusOnChange(value)`: a ref for the element that shows an action's result, focused when the
 *   result arrives, so that focus never falls to the page body when the control that had it changes.
 */
import * as React from "react";
import { makeStyles } from "@fluentui/react-components";

const useStyles = makeStyles({
  // Read by screen readers, not shown (the "visually hidden" pattern).
  hidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    margin: "-1px",
    padding: 0,
    border: 0,
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
  },
});

export interface Announce {
  /** Said when the reader is idle: results, counts. */
  readonly polite: (text: string) => void;
  /** Said at once: failures. */
  readonly assertive: (text: string) => void;
}

const NOBODY: Announce = { polite: () => undefined, assertive: () => undefined };
const AnnounceContext = React.createContext<Announce>(NOBODY);

/** The pane's two live regions, and what puts text into them. */
export function AnnouncerProvider({ children }: { readonly children?: React.ReactNode }): React.JSX.Element {
  const styles = useStyles();
  const [polite, setPolite] = React.useState("");
  const [assertive, setAssertive] = React.useState("");
  // The same text twice is a new announcement: the region is emptied first, then filled on the next tick.
  const say = React.useCallback(
    (set: React.Dispatch<React.SetStateAction<string>>) => (text: string) => {
      set("");
      setTimeout(() => set(text), 50);
    },
    [],
  );
  const value = React.useMemo<Announce>(() => ({ polite: say(setPolite), assertive: say(setAssertive) }), [say]);
  return (
    <AnnounceContext.Provider value={value}>
      {children}
      <div className={styles.hidden} role="status" aria-live="polite" aria-atomic="true" data-testid="announce-polite">
        {polite}
      </div>
      <div className={styles.hidden} aria-live="assertive" aria-atomic="true" data-testid="announce-assertive">
        {assertive}
      </div>
    </AnnounceContext.Provider>
  );
}

/** Speaks into the pane's live regions; outside an AnnouncerProvider, says nothing. */
export function useAnnounce(): Announce {
  return React.useContext(AnnounceContext);
}

/**
 * A ref for the element showing a result: when `value` becomes non-null (or changes to another
 * non-null value), the element gets focus. The element needs `tabIndex={-1}`.
 */
export function useFocusOnChange<T extends HTMLElement>(value: unknown): React.RefObject<T | null> {
  const ref = React.useRef<T | null>(null);
  React.useLayoutEffect(() => {
    if (value !== null && value !== undefined && value !== false) ref.current?.focus();
  }, [value]);
  return ref;
}

/** Focus is lost when it sits on the body (or nowhere): the element that had it went away. */
export const focusLost = (): boolean => document.activeElement === null || document.activeElement === document.body;
