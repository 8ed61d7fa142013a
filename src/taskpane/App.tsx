/**
 * The task pane: three views behind a TabList (新建 / 检查 / 填充), the first one chosen by `?view=` in
 * the URL (the ribbon's buttons open taskpane.html?view=new and ?view=check), above them the area where
 * every failed workbook operation is shown. The workbook gateway comes from context (GatewayContext).
 */
import * as React from "react";
import { Tab, TabList, Title2, makeStaticStyles, makeStyles, tokens } from "@fluentui/react-components";
import { AnnouncerProvider } from "./a11y";
import { CheckView } from "./CheckView";
import { ErrorArea, ErrorBoundary, ErrorProvider } from "./errors";
import { FillView } from "./FillView";
import { NewFormView } from "./NewFormView";

/**
 * Page-wide rules for WCAG 2.1 AA: a visible focus ring on every control (Fluent's text inputs and
 * selects show focus only as a thin underline), text that wraps instead of pushing the pane sideways
 * (reflow down to 160 CSS px: a 320 px pane at 200 % zoom), and, in forced-colors mode (Windows high
 * contrast), system colours for what Fluent draws with backgrounds only.
 */
const useGlobalStyles = makeStaticStyles({
  ".fui-Input:focus-within, .fui-Select:focus-within, .fui-Textarea:focus-within": {
    outline: `2px solid var(--colorStrokeFocus2)`,
    outlineOffset: "2px",
  },
  "#container, #container *": { overflowWrap: "anywhere", minWidth: 0 },
  ".fui-Select, .fui-Select__select, .fui-Input": { maxWidth: "100%", minWidth: 0 },
  "@media (forced-colors: active)": {
    ".fui-Input:focus-within, .fui-Select:focus-within, .fui-Textarea:focus-within, button:focus-visible": {
      outline: "2px solid Highlight",
    },
    ".fui-Tab[aria-selected='true']": { textDecoration: "underline", textDecorationThickness: "3px" },
  },
});

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    minHeight: "100vh",
    boxSizing: "border-box",
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    // A 320 px pane at 200 % zoom is 160 CSS px: less padding, so that content keeps its room.
    "@media (max-width: 240px)": {
      padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    },
  },
  tabs: {
    flexWrap: "wrap",
  },
  header: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalM,
  },
  logo: {
    width: "32px",
    height: "32px",
    flexShrink: 0,
  },
});

export type View = "new" | "check" | "fill";

const VIEWS: readonly { readonly value: View; readonly label: string }[] = [
  { value: "new", label: "新建" },
  { value: "check", label: "检查" },
  { value: "fill", label: "填充" },
];

const isView = (value: unknown): value is View => VIEWS.some((v) => v.value === value);

/** The view that `?view=` asks for; 检查 when it names none of them (no parameter, or ?view=help). */
export function viewFromSearch(search: string): View {
  const asked = new URLSearchParams(search).get("view");
  return isView(asked) ? asked : "check";
}

export interface AppProps {
  /** The view to open with; by default the one `?view=` in the page's URL names. */
  readonly initialView?: View;
  /** Debounce of the live check and the 填充 view's re-read (tests shorten it). */
  readonly debounceMs?: number;
}

export default function App({ initialView, debounceMs }: AppProps): React.JSX.Element {
  useGlobalStyles();
  const styles = useStyles();
  const [view, setView] = React.useState<View>(() => initialView ?? viewFromSearch(window.location.search));
  return (
    <AnnouncerProvider>
      <ErrorProvider>
        <main className={styles.root}>
          <header className={styles.header}>
            <img className={styles.logo} src="assets/icon-80.png" alt="" />
            <Title2 as="h1">绩效自评助手</Title2>
          </header>
          <ErrorArea />
          <TabList
            className={styles.tabs}
            selectedValue={view}
            onTabSelect={(_, data) => {
              if (isView(data.value)) setView(data.value);
            }}
          >
            {VIEWS.map((v) => (
              <Tab key={v.value} id={`tab-${v.value}`} value={v.value}>
                {v.label}
              </Tab>
            ))}
          </TabList>
          <div role="tabpanel" aria-labelledby={`tab-${view}`}>
            {/* A view that failed to render is reset when the user switches views. */}
            <ErrorBoundary key={view}>
              {view === "new" ? <NewFormView /> : null}
              {view === "check" ? <CheckView debounceMs={debounceMs} /> : null}
              {view === "fill" ? <FillView debounceMs={debounceMs} /> : null}
            </ErrorBoundary>
          </div>
        </main>
      </ErrorProvider>
    </AnnouncerProvider>
  );
}
