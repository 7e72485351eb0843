// The shape of one runtime declaration that the export copies (see scripts/build-export-code.ts).
import type { Section } from './snippet';

export interface RuntimeDeclaration {
  section: Section;
  /** the runtime file it is copied from */
  file: string;
  /** the names it declares; the first is its key */
  names: readonly string[];
  /** keys of the declarations it needs */
  needs: readonly string[];
  /** it mentions the `TF` type namespace of @tensorflow/tfjs */
  usesTfTypes: boolean;
  code: string;
}
