// The generated module's text from the runtime's sources (shared by the build script and the test
// that holds the generated file to the sources).
import { extractDeclarations } from './extract.ts';
import { ALSO_ALLOWED, EXPORTED_SOURCES } from './sources.ts';
import { writeRuntimeCodeModule } from './write.ts';

export const RUNTIME_CODE_FILE = 'src/codegen/build/runtime-code.ts';

export function buildRuntimeCode(read: (file: string) => string | undefined): string {
  const decls = extractDeclarations(Object.keys(EXPORTED_SOURCES), read, Object.keys(ALSO_ALLOWED));
  return writeRuntimeCodeModule(decls, (file) => {
    const section = EXPORTED_SOURCES[file] ?? ALSO_ALLOWED[file];
    if (!section) throw new Error(`runtime code: no section for ${file}`);
    return section;
  });
}
