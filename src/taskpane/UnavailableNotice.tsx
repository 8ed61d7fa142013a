/**
 * What this Excel could not do in the operation just finished — the features of a later ExcelApi
 * requirement set that were left out (on Excel 2019 or a host at the manifest's ExcelApi 1.7, the
 * 下拉列表 and 输入限制 of ExcelApi 1.8, the 打印设置 of 1.9) — so the user knows the sheet was written
 * without them and that the rest works.
 */
import * as React from "react";
import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";

export function UnavailableNotice({ messages }: { readonly messages?: readonly string[] }): React.JSX.Element | null {
  if (!messages || messages.length === 0) return null;
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>部分功能在此版本的 Excel 中不可用</MessageBarTitle>
        <ul aria-label="此版本的 Excel 中不可用的功能">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
        其余内容已正常生成，检查和填充不受影响；升级到 Microsoft 365 或 Office 2021 及以上版本后可用全部功能。
      </MessageBarBody>
    </MessageBar>
  );
}
