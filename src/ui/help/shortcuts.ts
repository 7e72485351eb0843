// Every keyboard and mouse gesture of the editor, for the help panel. Keys are written as they are
// pressed on Windows and Linux; on a Mac, Ctrl is ⌘.
export interface Shortcut {
  keys: string[];
  does: string;
}

export interface ShortcutGroup {
  title: string;
  items: Shortcut[];
}

export const SHORTCUTS: readonly ShortcutGroup[] = [
  {
    title: 'Editing',
    items: [
      { keys: ['Ctrl+Z'], does: 'Undo (every edit, a whole drag as one step)' },
      { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], does: 'Redo' },
      { keys: ['Ctrl+C', 'Ctrl+X', 'Ctrl+V'], does: 'Copy, cut, paste the selected nodes and their wires (as JSON: also between documents and tabs)' },
      { keys: ['Ctrl+D'], does: 'Duplicate the selection' },
      { keys: ['Delete', 'Backspace'], does: 'Delete the selection' },
      { keys: ['Ctrl+Alt+N'], does: 'New blank graph (what it replaces stays one Undo away, and under Recent)' },
      { keys: ['Ctrl+G'], does: 'Make a model of the selected layers (its boundary wires become its inputs and outputs)' },
    ],
  },
  {
    title: 'Selecting and moving',
    items: [
      { keys: ['Click'], does: 'Select a node or a wire; its details show in the inspector' },
      { keys: ['Shift+Click', 'Ctrl+Click'], does: 'Add to the selection' },
      { keys: ['Shift+Drag'], does: 'Select everything inside a box' },
      { keys: ['Ctrl+A'], does: 'Select every node of the open graph' },
      { keys: ['Escape'], does: 'Clear the selection, close a menu or a dialog, leave presentation mode' },
      { keys: ['Drag on the canvas'], does: 'Pan' },
      { keys: ['Wheel'], does: 'Zoom' },
      { keys: ['F'], does: 'Fit the whole graph in view' },
    ],
  },
  {
    title: 'Layout',
    items: [
      { keys: ['Ctrl+B'], does: 'Show or hide the graphs and nodes panel (remembered over a reload)' },
      { keys: ['Ctrl+Alt+B'], does: 'Show or hide the inspector (remembered over a reload)' },
      { keys: ['Ctrl+Alt+P'], does: 'Presentation mode: the canvas and the dashboard only, in larger type' },
    ],
  },
  {
    title: 'Building',
    items: [
      { keys: ['Drag from the palette'], does: 'Add a node where it is dropped (a click adds it in view)' },
      { keys: ['Drag port to port'], does: 'Connect; only ports that fit accept the wire' },
      { keys: ['Drop a wire on empty canvas'], does: 'Offer the nodes that fit that port, searchable' },
      { keys: ['Right-click'], does: 'The node or selection menu' },
      { keys: ['Double-click a Model node'], does: 'Open that model (the breadcrumb leads back)' },
    ],
  },
  {
    title: 'Code',
    items: [{ keys: ['Ctrl+E'], does: 'Show or hide the code view: the graph as TypeScript, the selected nodes\' lines marked' }],
  },
  {
    title: 'Help',
    items: [{ keys: ['?'], does: 'This list' }],
  },
];
