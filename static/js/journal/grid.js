/* The journal grid put together: each part adds its functions to one shared
 * context, so a part calls another's (j.commit, j.go) without import cycles. */

import { addAnswers } from "./answers.js";
import { createContext } from "./context.js";
import { addDrafts } from "./drafts.js";
import { addEditing } from "./editing.js";
import { addHistory } from "./history.js";
import { bindKeys } from "./keys.js";
import { addNavigation, startPosition } from "./navigation.js";
import { addSaving } from "./saving.js";

export function initJournal(table) {
  const j = createContext(table);
  addNavigation(j);
  addDrafts(j);
  addEditing(j);
  addSaving(j);
  addAnswers(j);
  addHistory(j);
  bindKeys(j);
  startPosition(j);
  return j;
}
