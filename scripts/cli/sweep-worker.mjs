// The worker thread's entry: Node's worker threads do not inherit tsx's loader, so it is
// registered here before the TypeScript worker is imported.
import { register } from 'tsx/esm/api';

register();
await import('./sweep-worker.ts');
