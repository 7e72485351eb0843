import { describe, expect, it } from 'vitest';
import type { GraphDoc } from '../../graph/types';
import { CodeExporter, type ExportPort, type ExportResult } from './exportClient';
import type { ExportReply, ExportRequest } from './protocol';

/** A worker stand-in that answers when told to. */
class FakePort implements ExportPort {
  sent: ExportRequest[] = [];
  onmessage: ((e: MessageEvent<ExportReply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  postMessage(msg: ExportRequest): void {
    this.sent.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(i: number, code = `code of ${(this.sent[i]!.doc as unknown as { n: number }).n}`): void {
    this.onmessage!({ data: { id: this.sent[i]!.id, ok: true, code, ranges: [], ms: 1 } } as unknown as MessageEvent<ExportReply>);
  }
}

const doc = (n: number) => ({ n }) as unknown as GraphDoc;

describe('CodeExporter', () => {
  it('sends one request at a time and only the newest waiting one', () => {
    const ports: FakePort[] = [];
    const results: [ExportResult, GraphDoc][] = [];
    const ex = new CodeExporter((r, d) => results.push([r, d]), () => {
      ports.push(new FakePort());
      return ports.at(-1)!;
    });
    ex.request(doc(1));
    ex.request(doc(2));
    ex.request(doc(3));
    const port = ports[0]!;
    expect(port.sent.map((m) => (m.doc as unknown as { n: number }).n)).toEqual([1]);
    port.answer(0);
    // the answer for 1 was overtaken: 3 goes out, 2 never does
    expect(results).toEqual([]);
    expect(port.sent.map((m) => (m.doc as unknown as { n: number }).n)).toEqual([1, 3]);
    port.answer(1);
    expect(results.map(([r, d]) => [r.ok && r.code, d])).toEqual([['code of 3', doc(3)]]);
    expect(ports).toHaveLength(1);
    ex.dispose();
    expect(port.terminated).toBe(true);
  });

  it('reports a worker that fails and starts a new one for the next request', () => {
    const ports: FakePort[] = [];
    const results: ExportResult[] = [];
    const ex = new CodeExporter((r) => results.push(r), () => {
      ports.push(new FakePort());
      return ports.at(-1)!;
    });
    ex.request(doc(1));
    ports[0]!.onerror!({ message: 'script failed', preventDefault() {} } as ErrorEvent);
    expect(results).toEqual([{ ok: false, detail: 'script failed' }]);
    ex.request(doc(2));
    expect(ports).toHaveLength(2);
    ports[1]!.answer(0);
    expect(results.at(-1)).toMatchObject({ ok: true, code: 'code of 2' });
  });
});
