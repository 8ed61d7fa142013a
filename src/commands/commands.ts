// Function file of the add-in (FunctionFile → Commands.Url in manifest.xml). The ribbon buttons are all
// ShowTaskpane actions, so nothing needs Office.actions.associate yet; the page only has to initialise Office.
if (typeof Office !== "undefined") {
  Office.onReady(() => {
    // No ExecuteFunction commands yet.
  });
}
