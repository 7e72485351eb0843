// The exported code as a file: its name, and the download.

/** 'MLP VAE on MNIST' → 'mlp-vae-on-mnist.ts'. */
export function codeFileName(docName: string): string {
  const stem = docName.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'graph';
  return `${stem}.ts`;
}

export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/typescript' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
