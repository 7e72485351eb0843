// The canvas grid nodes snap to, shared by everything that places nodes.
export const GRID = 16;
export const snap = (v: number) => Math.round(v / GRID) * GRID;
