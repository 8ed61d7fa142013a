import * as React from "react";
import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Text,
  Title2,
  makeStyles,
  tokens,
} from "@fluentui/react-components";

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
  },
  header: {
    display: "flex",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalM,
  },
  logo: {
    width: "40px",
    height: "40px",
    flexShrink: 0,
  },
  lead: {
    color: tokens.colorNeutralForeground2,
  },
});

/** Placeholder task pane: title, one-line purpose and where the checks will appear. */
export default function App(): React.JSX.Element {
  const styles = useStyles();
  return (
    <main className={styles.root}>
      <header className={styles.header}>
        <img className={styles.logo} src="assets/icon-80.png" alt="" />
        <Title2 as="h1">绩效自评助手</Title2>
      </header>
      <Text className={styles.lead}>填报财政项目支出绩效自评表：版式、实时检查、自动计算。</Text>
      <Subtitle2 as="h2">检查结果</Subtitle2>
      <MessageBar intent="info">
        <MessageBarBody>
          <MessageBarTitle>尚无检查结果</MessageBarTitle>
          检查结果将显示在这里。
        </MessageBarBody>
      </MessageBar>
    </main>
  );
}
