// Messages between the code view and its export worker.
import type { NodeLines } from '../../codegen/node-lines';
import type { GraphDoc } from '../../graph/types';

export interface ExportRequest {
  id: number;
  doc: GraphDoc;
}

export type ExportReply =
  | { id: number; ok: true; code: string; ranges: NodeLines[]; ms: number }
  | { id: number; ok: false; detail: string };
