/**
 * Test helper, preloaded with `node -r` (and so in every worker thread, which inherits execArgv): logs
 * every load of ts-node or the TypeScript compiler to the file $ZPB_LOADED_LOG, so a test can prove the
 * installed command runs compiled JavaScript only.
 */
"use strict";
const Module = require("module");
const fs = require("fs");

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (/(^|[\\/])(ts-node|typescript)([\\/]|$)/.test(request))
    fs.appendFileSync(process.env.ZPB_LOADED_LOG, `${request}\n`);
  return load.call(this, request, parent, isMain);
};
