import { afterAll } from 'vitest';
import { removeTempDirs } from './drops.js';

// A setup file (vitest.config.ts): runs in every test file's context, so its afterAll sees the
// folders that file's tempDir() calls made. Registered first, it runs after the file's own
// afterAll hooks (servers are closed before their folders go).
afterAll(() => removeTempDirs());
