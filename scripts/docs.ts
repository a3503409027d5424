/** `npm run docs`: rewrites the table reference in README.md from the registry. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import { registryMarkdown } from '../src/schema/derive/docs.js';
import { README_BEGIN, README_END } from './readme-markers.js';

const path = join(PACKAGE_ROOT, 'README.md');
const text = readFileSync(path, 'utf8');
const start = text.indexOf(README_BEGIN);
const end = text.indexOf(README_END);
if (start < 0 || end < 0) throw new Error('README.md lacks the table-reference markers');
writeFileSync(path, `${text.slice(0, start + README_BEGIN.length)}\n${registryMarkdown()}\n${text.slice(end)}`);
