/**
 * Test helper: runs `zpb` in this process (its `main`) with captured stdout and stderr, as a user's
 * terminal would show them (not a TTY: no progress bar).
 */
import { Writable } from "stream";
import { main } from "../src/cli/zpb";

class Capture extends Writable {
  text = "";
  isTTY = false;
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** @example const { code, out } = await zpb("check", file, "--json"); */
export async function zpb(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await main(args, out, err);
  return { code, out: out.text, err: err.text };
}
