// Names the app and its frame benchmark (scripts/bench-ui.ts) share: the app sets these
// performance marks, the benchmark reads them. Plain data here, so that the CLI side never
// imports the app.

/** The first frame that drew the views. */
export const FIRST_FRAME_MARK = 'cxl:first-frame';
/** The first frame that drew a loaded run. */
export const FIRST_RUN_FRAME_MARK = 'cxl:first-run-frame';
