// `npm run package`: builds skill-trainer-<version>.vsix at the repository root and
// prints its path and size. Install it with `code --install-extension <file>`.
import { relative } from 'node:path';
import { formatSize, packageExtension, repoRoot } from './package-extension.mjs';

try {
  const { path, bytes } = packageExtension();
  console.log(`\nPackage: ${relative(process.cwd(), path) || path} (${formatSize(bytes)}, ${bytes} bytes)`);
  console.log(`Install: code --install-extension ${relative(process.cwd(), path)}`);
} catch (error) {
  console.error(`package: ${error.message}`);
  console.error(`  (repository: ${repoRoot})`);
  process.exit(1);
}
