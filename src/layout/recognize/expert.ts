/**
 * 专家评分表 in the layouts bureaus use (placeholder while the reader is written).
 */
import type { Anchor } from "./anchors";
import type { Recognized } from "./form-reader";
import type { Area, View } from "./view";

export function readExpertPanel(_view: View, _area: Area, _anchor: Anchor): Recognized | null {
  return null;
}
