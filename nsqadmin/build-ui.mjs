// Builds nsqadmin's UI into target/: our modules and styles from src/main/ui, uPlot from node_modules, all flat
// under static/ (nsqadmin serves /static/<name>, one level). Maven runs it at generate-resources.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const out = join('target', 'generated-resources', 'ui', 'static');

// npm ci only when node_modules does not hold what the lock file says: the build works offline once it does.
function installed() {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
  return Object.entries(lock.packages).filter(([path]) => path !== '').every(([path, pkg]) => {
    const manifest = join(path, 'package.json');
    return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === pkg.version;
  });
}

if (!installed()) {
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const name of readdirSync(join('src', 'main', 'ui'))) {
  copyFileSync(join('src', 'main', 'ui', name), join(out, name));
}
copyFileSync(join('node_modules', 'uplot', 'dist', 'uPlot.esm.js'), join(out, 'uPlot.esm.js'));
copyFileSync(join('node_modules', 'uplot', 'dist', 'uPlot.min.css'), join(out, 'uPlot.min.css'));
