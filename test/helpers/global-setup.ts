// Before any test: the package must be built (npm test runs `pretest`),
// and namespaces left by a crashed earlier run are removed.
import fs from 'node:fs';
import path from 'node:path';
import { deleteStale, netnsAvailability } from '../../dist/testing/netns.js';

export default function setup(): void {
  const root = path.join(__dirname, '..', '..');
  if (!fs.existsSync(path.join(root, 'dist', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it in pretest)');
  }
  if (netnsAvailability().ok) {
    const removed = deleteStale();
    if (removed.length) console.log(`removed ${removed.length} stale test namespaces`);
  }
}
