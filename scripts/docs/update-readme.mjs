// `npm run docs`: regenerates the README sections that come from the code (the
// settings table and the command-line reference). Commit the result.
import { readFileSync, writeFileSync } from 'node:fs';
import { cliReference, readmePath, replaceSection, settingsTable } from './readme-sections.mjs';

let readme = readFileSync(readmePath, 'utf8');
readme = replaceSection(readme, 'settings', settingsTable());
readme = replaceSection(readme, 'cli', await cliReference());
writeFileSync(readmePath, readme);
console.log('docs: README.md settings table and CLI reference regenerated');
