// Discovery's one choice, apart from the steps (discovery.ts): the lessons' schema names it
// without bundling the kernel view on the page's first load.

/** Step through every CXL node at once, or one node (a device or an interleave set) after another. */
export const DISCOVERY_PER = ['all', 'each'] as const;
