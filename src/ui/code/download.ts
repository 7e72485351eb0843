// The exported code as files: their names, and the downloads.

/** 'MLP VAE on MNIST' → 'mlp-vae-on-mnist'. */
export function fileStem(docName: string): string {
  return docName.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'graph';
}

/** 'MLP VAE on MNIST' → 'mlp-vae-on-mnist.ts'. */
export const codeFileName = (docName: string): string => `${fileStem(docName)}.ts`;

/** 'MLP VAE on MNIST' → 'mlp-vae-on-mnist-pytorch.zip'. */
export const packageFileName = (docName: string): string => `${fileStem(docName)}-pytorch.zip`;

export function downloadText(fileName: string, text: string): void {
  downloadBlob(fileName, new Blob([text], { type: 'text/typescript' }));
}

export function downloadBytes(fileName: string, bytes: Uint8Array, type: string): void {
  downloadBlob(fileName, new Blob([bytes as BlobPart], { type }));
}

function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
