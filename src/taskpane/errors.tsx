/**
 * The pane's one error area (style.md §7: errors go back to the UI, never to the console only). Views
 * report a failed gateway call with `useReportError()`; a render error is caught by `ErrorBoundary`.
 * Both show the error's own message — the gateway's messages are Chinese — in a `MessageBar`.
 */
import * as React from "react";
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useAnnounce } from "./a11y";

const useStyles = makeStyles({
  area: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
  },
});

/** How many errors stay on screen; older ones make way. */
const MAX_SHOWN = 3;

/** The text to show for anything thrown or rejected. */
export function errorText(error: unknown): string {
  if (error instanceof Error && error.message.trim() !== "") return error.message;
  if (typeof error === "string" && error.trim() !== "") return error;
  return "操作失败（未知错误）";
}

type ReportError = (error: unknown) => void;

const ReportErrorContext = React.createContext<ReportError | null>(null);

interface ShownError {
  readonly id: number;
  readonly message: string;
}

const ErrorsContext = React.createContext<{ errors: readonly ShownError[]; dismiss: (id: number) => void }>({
  errors: [],
  dismiss: () => undefined,
});

/** Holds the reported errors; `ErrorArea` shows them. */
export function ErrorProvider(props: { children?: React.ReactNode }): React.JSX.Element {
  const [errors, setErrors] = React.useState<readonly ShownError[]>([]);
  const nextId = React.useRef(1);
  const { assertive } = useAnnounce();
  const report = React.useCallback<ReportError>(
    (error) => {
      const message = errorText(error);
      // Said at once: the error area may be far from where the user is.
      assertive(`操作失败：${message}`);
      setErrors((shown) => {
        // The same failure reported by several calls at once (e.g. no connection) is shown once.
        if (shown.some((e) => e.message === message)) return shown;
        return [...shown, { id: nextId.current++, message }].slice(-MAX_SHOWN);
      });
    },
    [assertive],
  );
  const dismiss = React.useCallback((id: number) => setErrors((shown) => shown.filter((e) => e.id !== id)), []);
  const value = React.useMemo(() => ({ errors, dismiss }), [errors, dismiss]);
  return (
    <ReportErrorContext.Provider value={report}>
      <ErrorsContext.Provider value={value}>{props.children}</ErrorsContext.Provider>
    </ReportErrorContext.Provider>
  );
}

/** Thrown when a component reports an error outside an ErrorProvider: a programmer error. */
export class MissingErrorProviderError extends Error {
  constructor() {
    super("useReportError() called outside <ErrorProvider>");
    this.name = "MissingErrorProviderError";
  }
}

/** The function that puts an error in the pane's error area. */
export function useReportError(): ReportError {
  const report = React.useContext(ReportErrorContext);
  if (!report) throw new MissingErrorProviderError();
  return report;
}

/** The reported errors, newest last, each dismissible. */
export function ErrorArea(): React.JSX.Element | null {
  const styles = useStyles();
  const { errors, dismiss } = React.useContext(ErrorsContext);
  if (errors.length === 0) return null;
  return (
    <div className={styles.area}>
      {errors.map((e) => (
        <MessageBar key={e.id} intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>操作失败</MessageBarTitle>
            {e.message}
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={() => dismiss(e.id)}>
              关闭
            </Button>
          </MessageBarActions>
        </MessageBar>
      ))}
    </div>
  );
}

interface BoundaryState {
  readonly error: unknown;
}

/** Catches an error thrown while rendering a view and shows it instead of a blank pane. */
export class ErrorBoundary extends React.Component<{ children?: React.ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error: error ?? new Error("") };
  }

  override render(): React.ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>界面出错</MessageBarTitle>
          {errorText(this.state.error)}
        </MessageBarBody>
        <MessageBarActions>
          <Button size="small" onClick={() => this.setState({ error: null })}>
            重试
          </Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
}
