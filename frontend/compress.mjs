// After `vite build`: a gzip and a Brotli copy beside each text file of dist/ (`x.js.gz`,
// `x.js.br`) that is at least 1 KB and that compression makes at least 10 % smaller. The server
// embeds them with the rest and sends the one the browser accepts (src/web.rs), so the app's
// ~470 KB of script and style travel as ~150 KB without any compressing at request time.
//
//   node compress.mjs [DIR]   (default dist)
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';

const TEXT = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.map', '.webmanifest']);
const MIN_BYTES = 1024;
const KEEP_BELOW = 0.9;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

const dir = process.argv[2] ?? 'dist';
let plain = 0;
let gzipped = 0;
let brotli = 0;
let count = 0;
for (const path of [...files(dir)]) {
  if (!TEXT.has(extname(path))) continue;
  const data = readFileSync(path);
  if (data.length < MIN_BYTES) continue;
  const gz = gzipSync(data, { level: 9 });
  const br = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  if (gz.length > data.length * KEEP_BELOW) continue;
  writeFileSync(`${path}.gz`, gz);
  if (br.length <= data.length * KEEP_BELOW) writeFileSync(`${path}.br`, br);
  plain += data.length;
  gzipped += gz.length;
  brotli += Math.min(br.length, gz.length);
  count += 1;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`compressed ${count} files of ${dir}: ${kb(plain)} → gzip ${kb(gzipped)}, Brotli ${kb(brotli)}`);
