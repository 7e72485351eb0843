// The training view follows the editor: the committed document's training fingerprint (what Train
// would start, to tell an edited graph from the live session's) and the selected wire.
import type { GraphDoc } from '../../graph/types';
import { trainingFingerprint } from '../../runtime/worker/fingerprint';
import { replaceDoc } from '../../store/edits';
import type { Stores } from '../context';
import type { TrainingView } from './training-view';
import { selectedWire } from './wire';
import type { WireWatch } from './wire-watch';

export interface FollowHost {
  view: () => TrainingView;
  update: (patch: Partial<TrainingView>) => void;
}

export class EditorFollow {
  private committed: GraphDoc | null = null;

  constructor(
    private readonly stores: Stores,
    private readonly host: FollowHost,
    private readonly wire: WireWatch,
  ) {}

  /** Follows both stores until the returned function is called. */
  connect(): () => void {
    this.doc();
    this.selection();
    const unsubscribe = this.stores.doc.subscribe(() => this.doc());
    const unsubscribeSession = this.stores.session.subscribe(() => this.selection());
    return () => {
      unsubscribe();
      unsubscribeSession();
    };
  }

  /** Keeps docFingerprint current; the store also notifies for drags, which leave `committed` alone. */
  doc(): void {
    const { committed } = this.stores.doc.getSnapshot();
    if (committed === this.committed) return;
    this.committed = committed;
    const docFingerprint = trainingFingerprint(committed);
    if (docFingerprint !== this.host.view().docFingerprint) this.host.update({ docFingerprint });
  }

  /** Makes `doc` the open document, as one undoable edit. */
  open(doc: GraphDoc, label: string): void {
    this.stores.doc.apply(replaceDoc(doc), label);
    this.stores.session.newDocument();
    this.doc();
  }

  private selection(): void {
    this.wire.follow(selectedWire(this.stores.session.getSnapshot(), this.stores.doc.getSnapshot().committed));
  }
}
