// Lets Node (tests, benchmarks, tsx) import `.md` files as text, the way esbuild's
// `text` loader bundles them for dist/.
const fs = require('node:fs');
require.extensions['.md'] = (module, filename) => {
  module.exports = { __esModule: true, default: fs.readFileSync(filename, 'utf8') };
};
