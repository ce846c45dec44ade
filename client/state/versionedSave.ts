/**
 * The save step settings-style editors share (basemaps, intensity table): run
 * the If-Match PUT; on 412 reload the latest version and explain; on any other
 * refusal show the server's reason; on success hand the body to `apply`.
 */
import type { Problem, PutOutcome } from '../api/problem';

export interface VersionedEditor {
  saving: boolean;
  problem: Problem | null;
  load(): Promise<void>;
}

export async function saveVersioned<T>(
  editor: VersionedEditor,
  write: () => Promise<PutOutcome<T>>,
  conflict: { zh: string; en: string },
  apply: (body: T) => void | Promise<void>,
): Promise<void> {
  editor.saving = true;
  editor.problem = null;
  try {
    const result = await write();
    if (result.ok) {
      await apply(result.body);
    } else if (result.status === 412) {
      await editor.load();
      editor.problem = { code: 'PRECONDITION_FAILED', messageZh: conflict.zh, messageEn: conflict.en };
    } else {
      editor.problem = result.problem;
    }
  } finally {
    editor.saving = false;
  }
}
